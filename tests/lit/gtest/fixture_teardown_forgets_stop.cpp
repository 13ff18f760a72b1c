// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A fixture whose TearDown forgets to stop the workers SetUp started: each
// of its tests leaves the pool's 4 workers blocked on the job channel and
// fails. The first is reported in full; the second leaves the same group
// (same sites) and fails saying so, without printing it again. The test of
// the fixture that does stop its pool, run after them, passes.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

constexpr int kWorkers = 4;

void worker(vigil::chan<int> jobs, vigil::chan<int> results, vigil::chan<bool> exited) {
  for (int j : jobs) results.send(j * j);
  exited.send(true);
}

class WorkerPool : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < kWorkers; i++) vigil::go(worker, jobs_, results_, exited_);
  }
  void stop() {
    jobs_.close();
    for (int i = 0; i < kWorkers; i++) exited_.recv();
  }
  int square(int v) {
    jobs_.send(v);
    return *results_.recv();
  }
  vigil::chan<int> jobs_ = vigil::make_chan<int>(), results_ = vigil::make_chan<int>(16);
  vigil::chan<bool> exited_ = vigil::make_chan<bool>(kWorkers);
};

class StoppedPool : public WorkerPool {
 protected:
  void TearDown() override { stop(); }
};

class ForgottenPool : public WorkerPool {
 protected:
  void TearDown() override {}  // stop() forgotten
};

TEST_F(ForgottenPool, Square) { EXPECT_EQ(square(3), 9); }

TEST_F(ForgottenPool, SquareAgain) { EXPECT_EQ(square(4), 16); }

TEST_F(StoppedPool, Square) { EXPECT_EQ(square(3), 9); }

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] ForgottenPool.Square
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: leaked tasks
// CHECK-NEXT:   4 tasks are blocked in chan receive when checked (vigil::check_leaks)
// CHECK-EMPTY:
// CHECK-NEXT:   Blocked in chan receive (task {{[0-9]+}} and 3 more like it):
// CHECK-NEXT:     #0 {{.*}}worker(vigil::chan<int>, vigil::chan<int>, vigil::chan<bool>) {{.*}}fixture_teardown_forgets_stop.cpp:17:
// CHECK-EMPTY:
// CHECK-NEXT:   On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 {{.*}}WorkerPool::WorkerPool() {{.*}}fixture_teardown_forgets_stop.cpp:34:
// CHECK:        Task {{[0-9]+}} (blocked in chan receive, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 {{.*}}WorkerPool::SetUp() {{.*}}fixture_teardown_forgets_stop.cpp:24:
// CHECK:      SUMMARY: vigil: leaked tasks {{.*}}fixture_teardown_forgets_stop.cpp:17:{{[0-9]+}} in {{.*}}worker(
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: leaked tasks {{.*}}fixture_teardown_forgets_stop.cpp:17:{{[0-9]+}} in {{.*}}worker(
// CHECK-NEXT: [  FAILED  ] ForgottenPool.Square (
// CHECK-NEXT: [ RUN      ] ForgottenPool.SquareAgain
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: 4 tasks or threads left behind by this test (the same as reported earlier)
// CHECK-NEXT: [  FAILED  ] ForgottenPool.SquareAgain (
// CHECK:      [ RUN      ] StoppedPool.Square
// CHECK-NEXT: [       OK ] StoppedPool.Square (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 2 tests, listed below:
// CHECK-NEXT: [  FAILED  ] ForgottenPool.Square
// CHECK-NEXT: [  FAILED  ] ForgottenPool.SquareAgain
// CHECK:      2 FAILED TESTS
// CHECK-NOT:  WARNING: vigil
