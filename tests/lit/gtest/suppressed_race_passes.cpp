// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: echo "# a known, tolerated race" > %t.supp && echo "race:benign_counter" >> %t.supp
// RUN: echo "race:benign_counter" > %t.all && echo "race:other_counter" >> %t.all
// Without suppressions both racy tests fail.
// RUN: %run_race %t 2>&1 | FileCheck %s --check-prefix=NOSUPP
// A suppressed race is not reported and does not fail its test; the other
// race still fails its own.
// RUN: env VIGIL_OPTIONS=suppressions=%t.supp %run_race %t 2>&1 | FileCheck %s --check-prefix=SUPP
// Every race suppressed: every test passes and the process exits 0.
// RUN: env VIGIL_OPTIONS=suppressions=%t.all %run_clean %t 2>&1 | FileCheck %s --check-prefix=ALL
// VERDICT: per-test
#include <vigil/gtest.h>

#include <thread>

#include "vigil_test.h"

namespace {

int counter, other;
invisible_barrier order;

__attribute__((noinline)) void benign_counter() { counter++; }
__attribute__((noinline)) void other_counter() { other++; }

void race_on(void (*bump)()) {
  invisible_barrier_init(&order, 2);
  std::thread t([bump] {
    bump();
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  bump();
  t.join();
}

TEST(Suppressions, ABenignRace) { race_on(benign_counter); }

TEST(Suppressions, BOtherRace) { race_on(other_counter); }

TEST(Suppressions, CClean) { EXPECT_EQ(1 + 1, 2); }

}  // namespace

VIGIL_GTEST_MAIN()

// NOSUPP:      [ RUN      ] Suppressions.ABenignRace
// NOSUPP-NEXT: ==================
// NOSUPP-NEXT: WARNING: vigil: data race
// NOSUPP:      SUMMARY: vigil: data race {{.*}}suppressed_race_passes.cpp:23:{{[0-9]+}} in {{.*}}benign_counter()
// NOSUPP:      [  FAILED  ] Suppressions.ABenignRace (
// NOSUPP-NEXT: [ RUN      ] Suppressions.BOtherRace
// NOSUPP-NEXT: ==================
// NOSUPP-NEXT: WARNING: vigil: data race
// NOSUPP:      SUMMARY: vigil: data race {{.*}}suppressed_race_passes.cpp:24:{{[0-9]+}} in {{.*}}other_counter()
// NOSUPP:      [  FAILED  ] Suppressions.BOtherRace (
// NOSUPP-NEXT: [ RUN      ] Suppressions.CClean
// NOSUPP-NEXT: [       OK ] Suppressions.CClean (
// NOSUPP:      [  PASSED  ] 1 test.
// NOSUPP-NEXT: [  FAILED  ] 2 tests, listed below:
// NOSUPP:      2 FAILED TESTS

// SUPP-NOT:  WARNING: vigil
// SUPP:      [ RUN      ] Suppressions.ABenignRace
// SUPP-NEXT: [       OK ] Suppressions.ABenignRace (
// SUPP-NEXT: [ RUN      ] Suppressions.BOtherRace
// SUPP-NEXT: ==================
// SUPP-NEXT: WARNING: vigil: data race
// SUPP:      SUMMARY: vigil: data race {{.*}}suppressed_race_passes.cpp:24:{{[0-9]+}} in {{.*}}other_counter()
// SUPP-NEXT: ==================
// SUPP-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// SUPP-NEXT: Failed
// SUPP-NEXT: vigil: data race {{.*}}suppressed_race_passes.cpp:24:{{[0-9]+}} in {{.*}}other_counter()
// SUPP-NEXT: [  FAILED  ] Suppressions.BOtherRace (
// SUPP-NEXT: [ RUN      ] Suppressions.CClean
// SUPP-NEXT: [       OK ] Suppressions.CClean (
// SUPP:      [  PASSED  ] 2 tests.
// SUPP-NEXT: [  FAILED  ] 1 test, listed below:
// SUPP-NEXT: [  FAILED  ] Suppressions.BOtherRace
// SUPP:      1 FAILED TEST
// SUPP-NOT:  WARNING: vigil

// ALL-NOT:  WARNING: vigil
// ALL:      [       OK ] Suppressions.ABenignRace (
// ALL-NEXT: [ RUN      ] Suppressions.BOtherRace
// ALL-NEXT: [       OK ] Suppressions.BOtherRace (
// ALL-NEXT: [ RUN      ] Suppressions.CClean
// ALL-NEXT: [       OK ] Suppressions.CClean (
// ALL:      [  PASSED  ] 3 tests.
// ALL-NOT:  FAILED
// ALL-NOT:  WARNING: vigil
