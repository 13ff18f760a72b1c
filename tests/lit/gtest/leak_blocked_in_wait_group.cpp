// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A collector task waits on a wait_group whose add() is not matched by a
// done() (one worker returns early without it): the collector is left
// blocked in wait_group wait and the test fails naming that wait. The same
// code with the done() deferred to every path passes.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

void work(vigil::wait_group* wg, bool fail) {
  if (fail) return;  // done() forgotten on this path
  wg->done();
}

void work_done_on_every_path(vigil::wait_group* wg, bool fail) {
  struct on_exit {
    vigil::wait_group* wg;
    ~on_exit() { wg->done(); }
  } guard{wg};
  if (fail) return;
}

void collect(vigil::wait_group* wg, vigil::chan<bool> finished) {
  wg->wait();
  finished.send(true);
}

TEST(WaitGroupLeak, AWorkerSkipsDone) {
  static vigil::wait_group wg;  // outlives the test: its waiter does too
  auto finished = vigil::make_chan<bool>(1);
  wg.add(3);
  for (int i = 0; i < 3; i++) vigil::go(work, &wg, i == 1);
  vigil::go(collect, &wg, finished);
}

TEST(WaitGroupLeak, BEveryPathCallsDone) {
  static vigil::wait_group wg;
  auto finished = vigil::make_chan<bool>(1);
  wg.add(3);
  for (int i = 0; i < 3; i++) vigil::go(work_done_on_every_path, &wg, i == 1);
  vigil::go(collect, &wg, finished);
  EXPECT_TRUE(*finished.recv());
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] WaitGroupLeak.AWorkerSkipsDone
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in wait_group wait when checked (vigil::check_leaks)
// CHECK-EMPTY:
// CHECK-NEXT:   Blocked in wait_group wait (task {{[0-9]+}}):
// CHECK-NEXT:     #0 {{.*}}collect(vigil::wait_group*, vigil::chan<bool>) {{.*}}leak_blocked_in_wait_group.cpp:27:
// CHECK:        Task {{[0-9]+}} (blocked in wait_group wait, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 {{.*}}WaitGroupLeak_AWorkerSkipsDone_Test::TestBody() {{.*}}leak_blocked_in_wait_group.cpp:36:
// CHECK:      SUMMARY: vigil: leaked tasks {{.*}}leak_blocked_in_wait_group.cpp:27:{{[0-9]+}} in {{.*}}collect(vigil::wait_group*, vigil::chan<bool>)
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: leaked tasks {{.*}}leak_blocked_in_wait_group.cpp:27:{{[0-9]+}} in {{.*}}collect(vigil::wait_group*, vigil::chan<bool>)
// CHECK-NEXT: [  FAILED  ] WaitGroupLeak.AWorkerSkipsDone (
// CHECK-NEXT: [ RUN      ] WaitGroupLeak.BEveryPathCallsDone
// CHECK-NEXT: [       OK ] WaitGroupLeak.BEveryPathCallsDone (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] WaitGroupLeak.AWorkerSkipsDone
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
