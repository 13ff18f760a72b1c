// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %expect_exit 66 1 %t 2>&1 | FileCheck %s
// VERDICT: per-test
// Each test's verdict is its own: the racy test fails with the race's
// summary, the one that leaves tasks behind fails naming them, and the
// correct tests around them pass.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <mutex>
#include <thread>

namespace {

int racy_counter;
std::mutex mu;
int locked_counter;

TEST(Verdicts, ACleanTest) {
  std::thread t([] {
    std::lock_guard<std::mutex> l(mu);
    locked_counter++;
  });
  {
    std::lock_guard<std::mutex> l(mu);
    locked_counter++;
  }
  t.join();
  EXPECT_EQ(locked_counter, 2);
}

TEST(Verdicts, BRacyTest) {
  std::thread t([] { racy_counter++; });
  racy_counter++;
  t.join();
}

void start_stuck_worker(vigil::chan<int> jobs) {
  vigil::go([jobs] { jobs.recv(); });  // nobody ever sends
}

TEST(Verdicts, CLeavesTasksBehind) {
  auto jobs = vigil::make_chan<int>();
  for (int i = 0; i < 3; i++) start_stuck_worker(jobs);
}

TEST(Verdicts, DTasksThatFinishAreFine) {
  auto done = vigil::make_chan<int>(3);
  for (int i = 0; i < 3; i++) vigil::go([done, i] { done.send(i); });
  // Not waited for: they finish while the test ends (the check lets them).
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] Verdicts.ACleanTest
// CHECK-NEXT: [       OK ] Verdicts.ACleanTest
// CHECK:      [ RUN      ] Verdicts.BRacyTest
// CHECK:      WARNING: vigil: data race
// CHECK:      Failure
// CHECK:      vigil: data race {{.*}}verdicts.cpp:{{3[34]}}:{{[0-9]+}} in
// CHECK:      [  FAILED  ] Verdicts.BRacyTest
// CHECK:      [ RUN      ] Verdicts.CLeavesTasksBehind
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   3 tasks are blocked for good in chan receive (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake them; a proven leak.
// CHECK:      vigil: leaked tasks {{.*}}verdicts.cpp:39:{{[0-9]+}} in
// CHECK:      [  FAILED  ] Verdicts.CLeavesTasksBehind
// CHECK:      [ RUN      ] Verdicts.DTasksThatFinishAreFine
// CHECK-NEXT: [       OK ] Verdicts.DTasksThatFinishAreFine
// CHECK:      2 FAILED TESTS
