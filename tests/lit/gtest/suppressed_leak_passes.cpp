// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: echo "leak:known_stuck_worker" > %t.supp
// Without a suppression the leaking test fails, naming the task.
// RUN: %run_race %t 2>&1 | FileCheck %s --check-prefix=NOSUPP
// With `leak:known_stuck_worker` the leak is not reported and the test that
// left the task passes (a suppressed leak is not "left behind" for the
// listener either); the process exits 0.
// RUN: env VIGIL_OPTIONS=suppressions=%t.supp %run_clean %t 2>&1 | FileCheck %s --check-prefix=SUPP
// VERDICT: per-test
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

__attribute__((noinline)) void known_stuck_worker(vigil::chan<int> jobs) { jobs.recv(); }

TEST(SuppressedLeak, ALeavesAKnownWorker) {
  auto jobs = vigil::make_chan<int>();
  vigil::go(known_stuck_worker, jobs);  // nobody ever sends
}

TEST(SuppressedLeak, BClean) { EXPECT_EQ(2 * 2, 4); }

}  // namespace

VIGIL_GTEST_MAIN()

// NOSUPP:      [ RUN      ] SuppressedLeak.ALeavesAKnownWorker
// NOSUPP:      WARNING: vigil: leaked tasks
// NOSUPP-NEXT:   1 task is blocked in chan receive when checked
// NOSUPP:        #0 {{.*}}known_stuck_worker{{.*}}suppressed_leak_passes.cpp:15:
// NOSUPP:      [  FAILED  ] SuppressedLeak.ALeavesAKnownWorker (
// NOSUPP-NEXT: [ RUN      ] SuppressedLeak.BClean
// NOSUPP-NEXT: [       OK ] SuppressedLeak.BClean (
// NOSUPP:      [  FAILED  ] 1 test, listed below:

// SUPP-NOT:  WARNING: vigil
// SUPP:      [ RUN      ] SuppressedLeak.ALeavesAKnownWorker
// SUPP-NEXT: [       OK ] SuppressedLeak.ALeavesAKnownWorker (
// SUPP-NEXT: [ RUN      ] SuppressedLeak.BClean
// SUPP-NEXT: [       OK ] SuppressedLeak.BClean (
// SUPP:      [  PASSED  ] 2 tests.
// SUPP-NOT:  WARNING: vigil
// SUPP-NOT:  FAILED
