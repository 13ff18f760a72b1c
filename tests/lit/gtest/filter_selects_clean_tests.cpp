// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// Unfiltered: the racy and the leaky test fail, the process exits 66.
// RUN: %run_race %t 2>&1 | FileCheck %s --check-prefix=ALL
// Filtered to the clean tests, positively or negatively: they pass, nothing
// is reported (the tests that would race or leak never run), exit 0.
// RUN: %run_clean %t --gtest_filter='Pool.Clean*:Solo.*' 2>&1 | FileCheck %s --check-prefix=ONLY
// RUN: %run_clean %t --gtest_filter='-*Racy*:*Leaky*' 2>&1 | FileCheck %s --check-prefix=ONLY
// VERDICT: per-test
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <thread>

#include "vigil_test.h"

namespace {

int racy;
invisible_barrier order;

TEST(Pool, Racy) {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    racy++;
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  racy++;
  t.join();
}

TEST(Pool, CleanSend) {
  auto c = vigil::make_chan<int>();
  vigil::go([c] { c.send(1); });
  EXPECT_EQ(*c.recv(), 1);
}

TEST(Pool, Leaky) {
  auto never = vigil::make_chan<int>();
  vigil::go([never] { never.recv(); });
}

TEST(Pool, CleanWaitGroup) {
  vigil::wait_group wg;
  int v = 0;
  wg.add(1);
  vigil::go([&] {
    v = 1;
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(v, 1);
}

TEST(Solo, Clean) { EXPECT_EQ(2 + 2, 4); }

}  // namespace

VIGIL_GTEST_MAIN()

// ALL:      [ RUN      ] Pool.Racy
// ALL-NEXT: ==================
// ALL-NEXT: WARNING: vigil: data race
// ALL:      SUMMARY: vigil: data race {{.*}}filter_selects_clean_tests.cpp:28:{{[0-9]+}} in
// ALL:      {{^}}vigil: data race {{.*}}filter_selects_clean_tests.cpp:28:
// ALL-NEXT: [  FAILED  ] Pool.Racy (
// ALL-NEXT: [ RUN      ] Pool.CleanSend
// ALL-NEXT: [       OK ] Pool.CleanSend (
// ALL-NEXT: [ RUN      ] Pool.Leaky
// ALL-NEXT: ==================
// ALL-NEXT: WARNING: vigil: leaked tasks
// ALL-NEXT:   1 task is blocked for good in chan receive (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// ALL:      {{^}}vigil: leaked tasks {{.*}}filter_selects_clean_tests.cpp:40:
// ALL-NEXT: [  FAILED  ] Pool.Leaky (
// ALL-NEXT: [ RUN      ] Pool.CleanWaitGroup
// ALL-NEXT: [       OK ] Pool.CleanWaitGroup (
// ALL:      [ RUN      ] Solo.Clean
// ALL-NEXT: [       OK ] Solo.Clean (
// ALL:      [  PASSED  ] 3 tests.
// ALL-NEXT: [  FAILED  ] 2 tests, listed below:
// ALL-NEXT: [  FAILED  ] Pool.Racy
// ALL-NEXT: [  FAILED  ] Pool.Leaky
// ALL:      2 FAILED TESTS
// ALL-NOT:  WARNING: vigil

// ONLY-NOT:  WARNING: vigil
// ONLY-NOT:  Pool.Racy
// ONLY-NOT:  Pool.Leaky
// ONLY:      [ RUN      ] Pool.CleanSend
// ONLY-NEXT: [       OK ] Pool.CleanSend (
// ONLY-NEXT: [ RUN      ] Pool.CleanWaitGroup
// ONLY-NEXT: [       OK ] Pool.CleanWaitGroup (
// ONLY:      [ RUN      ] Solo.Clean
// ONLY-NEXT: [       OK ] Solo.Clean (
// ONLY:      [  PASSED  ] 3 tests.
// ONLY-NOT:  FAILED
// ONLY-NOT:  WARNING: vigil
