// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t --gtest_shuffle --gtest_random_seed=5 2>&1 | FileCheck %s
// RUN: %run_race %t --gtest_shuffle --gtest_random_seed=5 2>&1 | FileCheck %s
// VERDICT: per-test
// --gtest_shuffle with a fixed --gtest_random_seed runs the tests in the same
// shuffled order every time, and each verdict stays with its own test
// whatever runs before it: the racy test and the leaky test fail with their
// own reports, the clean ones pass.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <thread>

#include "vigil_test.h"

namespace {

int racy;
invisible_barrier order;

TEST(First, Racy) {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    racy++;
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  racy++;
  t.join();
}

TEST(First, Leaky) {
  auto never = vigil::make_chan<int>();
  vigil::go([never] { never.recv(); });
}

TEST(First, CleanOne) { EXPECT_EQ(1 + 1, 2); }

TEST(Second, CleanTwo) {
  auto c = vigil::make_chan<int>();
  vigil::go([c] { c.send(2); });
  EXPECT_EQ(*c.recv(), 2);
}

TEST(Second, CleanThree) {
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] { wg.done(); });
  wg.wait();
}

TEST(Second, CleanFour) { EXPECT_TRUE(true); }

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      Note: Randomizing tests' orders with a seed of 5 .
// CHECK-NOT:  WARNING: vigil
// CHECK:      [ RUN      ] Second.CleanThree
// CHECK-NEXT: [       OK ] Second.CleanThree (
// CHECK-NEXT: [ RUN      ] Second.CleanFour
// CHECK-NEXT: [       OK ] Second.CleanFour (
// CHECK-NEXT: [ RUN      ] Second.CleanTwo
// CHECK-NEXT: [       OK ] Second.CleanTwo (
// CHECK:      [ RUN      ] First.Leaky
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for good in chan receive (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// CHECK:      SUMMARY: vigil: leaked tasks {{.*}}shuffle_fixed_seed.cpp:34:{{[0-9]+}} in {{.*}}First_Leaky_Test::TestBody()
// CHECK-NEXT: ==================
// CHECK:      {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: leaked tasks {{.*}}shuffle_fixed_seed.cpp:34:{{[0-9]+}} in {{.*}}First_Leaky_Test::TestBody()
// CHECK-NEXT: [  FAILED  ] First.Leaky (
// CHECK-NEXT: [ RUN      ] First.CleanOne
// CHECK-NEXT: [       OK ] First.CleanOne (
// CHECK-NEXT: [ RUN      ] First.Racy
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: data race
// CHECK:      SUMMARY: vigil: data race {{.*}}shuffle_fixed_seed.cpp:28:{{[0-9]+}} in {{.*}}First_Racy_Test::TestBody()
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: data race {{.*}}shuffle_fixed_seed.cpp:28:{{[0-9]+}} in {{.*}}First_Racy_Test::TestBody()
// CHECK-NEXT: [  FAILED  ] First.Racy (
// CHECK:      [  PASSED  ] 4 tests.
// CHECK-NEXT: [  FAILED  ] 2 tests, listed below:
// CHECK-NEXT: [  FAILED  ] First.Leaky
// CHECK-NEXT: [  FAILED  ] First.Racy
// CHECK:      2 FAILED TESTS
// CHECK-NOT:  WARNING: vigil
