// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A test that starts 100 workers on a job channel and never closes it leaves
// 100 identical tasks behind: one group ("100 tasks", one stack, one
// channel), one report, one failure. Closing the channel (the next test)
// lets every worker finish and the test passes.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

void worker(vigil::chan<int> jobs) {
  for (int job : jobs) (void)job;  // until jobs is closed
}

TEST(HundredTasks, ANeverClosesTheJobs) {
  auto jobs = vigil::make_chan<int>();
  for (int i = 0; i < 100; i++) vigil::go(worker, jobs);
  for (int i = 0; i < 100; i++) jobs.send(i);
}

TEST(HundredTasks, BClosesTheJobs) {
  auto jobs = vigil::make_chan<int>();
  for (int i = 0; i < 100; i++) vigil::go(worker, jobs);
  for (int i = 0; i < 100; i++) jobs.send(i);
  jobs.close();
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] HundredTasks.ANeverClosesTheJobs
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: leaked tasks
// CHECK-NEXT:   100 tasks are blocked in chan receive when checked (vigil::check_leaks)
// CHECK-EMPTY:
// CHECK-NEXT:   Blocked in chan receive (task {{[0-9]+}} and 99 more like it):
// CHECK-NEXT:     #0 {{.*}}worker(vigil::chan<int>) {{.*}}leak_hundred_identical_tasks.cpp:14:
// CHECK-EMPTY:
// CHECK-NEXT:   On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 {{.*}}HundredTasks_ANeverClosesTheJobs_Test::TestBody() {{.*}}leak_hundred_identical_tasks.cpp:18:
// CHECK-EMPTY:
// CHECK-NEXT:   Task {{[0-9]+}} (blocked in chan receive, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 {{.*}}HundredTasks_ANeverClosesTheJobs_Test::TestBody() {{.*}}leak_hundred_identical_tasks.cpp:19:
// (Under detection the whole creation stack follows: gtest's frames.)
// CHECK:      SUMMARY: vigil: leaked tasks {{.*}}leak_hundred_identical_tasks.cpp:14:{{[0-9]+}} in {{.*}}worker(vigil::chan<int>)
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: leaked tasks {{.*}}leak_hundred_identical_tasks.cpp:14:{{[0-9]+}} in {{.*}}worker(vigil::chan<int>)
// CHECK-NEXT: [  FAILED  ] HundredTasks.ANeverClosesTheJobs (
// CHECK-NEXT: [ RUN      ] HundredTasks.BClosesTheJobs
// CHECK-NEXT: [       OK ] HundredTasks.BClosesTheJobs (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] HundredTasks.ANeverClosesTheJobs
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
