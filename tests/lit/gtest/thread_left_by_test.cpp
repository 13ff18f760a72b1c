// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A test that leaves threads neither joined nor detached fails, naming them
// (three threads from one place: one report of three), and they are not
// reported again at exit. The thread those threads wait for keeps running
// into the next test and races there: that race is charged to the test that
// started the thread, not to the test running when it was found, which
// passes.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <thread>
#include <vector>

#include "vigil_test.h"

// Outside the anonymous namespace: a global that is only written would be
// optimized away there, and its race with it.
std::vector<std::thread> left_running;  // never joined
int stray;                              // written by a stray thread and by the next test
invisible_barrier next_test_wrote;

namespace {

__attribute__((noinline)) void stray_writer() {
  invisible_barrier_wait(&next_test_wrote);
  stray = 1;  // races with SecondTestPasses
}

TEST(ThreadLeaks, FirstLeavesThreads) {
  invisible_barrier_init(&next_test_wrote, 2);
  for (int i = 0; i < 3; i++) left_running.emplace_back([] {});
  std::thread(stray_writer).detach();
}

TEST(ThreadLeaks, SecondTestPasses) {
  stray = 2;
  invisible_barrier_wait(&next_test_wrote);
  for (int i = 0; i < 1000 && vigil::reports_made() < 2; i++) vigil::sleep_for(std::chrono::milliseconds(5));
}

TEST(ThreadLeaks, ThirdJoinsItsThread) {
  std::thread t([] {});
  t.join();
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::vigil::gtest::install();
  int status = RUN_ALL_TESTS();
  for (auto& t : left_running) t.join();  // clean up after the verdicts
  return status;
}

// CHECK:      [ RUN      ] ThreadLeaks.FirstLeavesThreads
// CHECK:      WARNING: vigil: thread leak
// CHECK-NEXT:   3 threads created at the same place were never joined nor detached: T{{[0-9]+}}, T{{[0-9]+}}, T{{[0-9]+}}.
// CHECK:      SUMMARY: vigil: thread leak {{.*}}
// CHECK:      Failure
// CHECK:      vigil: thread leak
// CHECK:      [  FAILED  ] ThreadLeaks.FirstLeavesThreads (
// CHECK-NEXT: [ RUN      ] ThreadLeaks.SecondTestPasses
// CHECK:      WARNING: vigil: data race
// CHECK:      SUMMARY: vigil: data race {{.*}}thread_left_by_test.cpp:{{28|38}}:{{.*}}
// CHECK:      vigil: data race {{.*}} — about a thread or task that test ThreadLeaks.FirstLeavesThreads started: charged to ThreadLeaks.FirstLeavesThreads, not to this test
// CHECK-NEXT: [       OK ] ThreadLeaks.SecondTestPasses (
// CHECK-NEXT: [ RUN      ] ThreadLeaks.ThirdJoinsItsThread
// CHECK-NEXT: [       OK ] ThreadLeaks.ThirdJoinsItsThread (
// CHECK:      [  PASSED  ] 2 tests.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] ThreadLeaks.FirstLeavesThreads
// CHECK-NOT:  WARNING: vigil
