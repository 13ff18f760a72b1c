// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// Two tests that run the same racy helper find the same race (same two
// sites): it is printed once, in the first test, and both tests fail — the
// second saying the report was made again. A test in between that uses the
// helper's fixed version passes.
#include <vigil/gtest.h>

#include <mutex>
#include <thread>

#include "vigil_test.h"

namespace {

struct stats {
  std::mutex mu;
  long hits = 0;
  void hit() { hits++; }  // the lock is forgotten
  void hit_locked() {
    std::lock_guard<std::mutex> l(mu);
    hits++;
  }
};

long run_two_hitters(void (stats::*hit)()) {
  stats s;
  invisible_barrier order;
  invisible_barrier_init(&order, 2);
  std::thread t([&] {
    (s.*hit)();
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  (s.*hit)();
  t.join();
  return s.hits;
}

TEST(SameRace, AFirstFinder) { EXPECT_EQ(run_two_hitters(&stats::hit), 2); }

TEST(SameRace, BFixedHelper) { EXPECT_EQ(run_two_hitters(&stats::hit_locked), 2); }

TEST(SameRace, CSecondFinder) { EXPECT_EQ(run_two_hitters(&stats::hit), 2); }

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] SameRace.AFirstFinder
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by main thread:
// CHECK-NEXT:     #0 {{.*}}stats::hit() {{.*}}same_race_in_two_tests.cpp:20:
// CHECK-NEXT:     #1 {{.*}}run_two_hitters({{.*}}) {{.*}}same_race_in_two_tests.cpp:36:
// CHECK:        Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT:     #0 {{.*}}stats::hit() {{.*}}same_race_in_two_tests.cpp:20:
// CHECK:      SUMMARY: vigil: data race {{.*}}same_race_in_two_tests.cpp:20:{{[0-9]+}} in {{.*}}stats::hit()
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: data race {{.*}}same_race_in_two_tests.cpp:20:{{[0-9]+}} in {{.*}}stats::hit()
// CHECK-NEXT: [  FAILED  ] SameRace.AFirstFinder (
// CHECK-NEXT: [ RUN      ] SameRace.BFixedHelper
// CHECK-NEXT: [       OK ] SameRace.BFixedHelper (
// CHECK-NEXT: [ RUN      ] SameRace.CSecondFinder
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: 1 report made again (printed the first time)
// CHECK-NEXT: [  FAILED  ] SameRace.CSecondFinder (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 2 tests, listed below:
// CHECK-NEXT: [  FAILED  ] SameRace.AFirstFinder
// CHECK-NEXT: [  FAILED  ] SameRace.CSecondFinder
// CHECK:      2 FAILED TESTS
// CHECK-NOT:  WARNING: vigil
