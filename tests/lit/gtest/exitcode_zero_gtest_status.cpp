// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// By default a process that reported anything exits 66.
// RUN: %run_race %t 2>&1 | FileCheck %s --check-prefixes=CHECK,RACE
// With exitcode=0 the report is still printed and still fails its test, but
// the exit status is GoogleTest's own: 1, as tests failed...
// RUN: env VIGIL_OPTIONS=exitcode=0 %expect_exit 1 1 %t 2>&1 | FileCheck %s --check-prefixes=CHECK,RACE
// ...and 0 when only the clean tests run.
// RUN: env VIGIL_OPTIONS=exitcode=0 %run_clean %t --gtest_filter='*Clean*' 2>&1 | FileCheck %s --check-prefixes=CHECK,CLEAN
// Any other exitcode replaces GoogleTest's status when something was reported.
// RUN: env VIGIL_OPTIONS=exitcode=3 %expect_exit 3 1 %t 2>&1 | FileCheck %s --check-prefixes=CHECK,RACE
// VERDICT: per-test
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <thread>

#include "vigil_test.h"

namespace {

int racy;
invisible_barrier order;

TEST(ExitCode, ACleanTasks) {
  auto c = vigil::make_chan<int>();
  vigil::go([c] { c.send(3); });
  EXPECT_EQ(*c.recv(), 3);
}

TEST(ExitCode, BRacy) {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    racy++;
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  racy++;
  t.join();
}

TEST(ExitCode, CCleanThreads) {
  int v = 0;
  std::thread t([&v] { v = 1; });
  t.join();
  EXPECT_EQ(v, 1);
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:       [ RUN      ] ExitCode.ACleanTasks
// CHECK-NEXT:  [       OK ] ExitCode.ACleanTasks (
// RACE-NEXT:   [ RUN      ] ExitCode.BRacy
// RACE-NEXT:   ==================
// RACE-NEXT:   WARNING: vigil: data race
// RACE:        SUMMARY: vigil: data race {{.*}}exitcode_zero_gtest_status.cpp:37:{{[0-9]+}} in {{.*}}ExitCode_BRacy_Test::TestBody()
// RACE-NEXT:   ==================
// RACE-NEXT:   {{.*}}gtest.h:{{[0-9]+}}: Failure
// RACE-NEXT:   Failed
// RACE-NEXT:   vigil: data race {{.*}}exitcode_zero_gtest_status.cpp:37:{{[0-9]+}} in {{.*}}ExitCode_BRacy_Test::TestBody()
// RACE-NEXT:   [  FAILED  ] ExitCode.BRacy (
// CHECK-NEXT:  [ RUN      ] ExitCode.CCleanThreads
// CHECK-NEXT:  [       OK ] ExitCode.CCleanThreads (
// RACE:        [  PASSED  ] 2 tests.
// RACE-NEXT:   [  FAILED  ] 1 test, listed below:
// RACE-NEXT:   [  FAILED  ] ExitCode.BRacy
// RACE:        1 FAILED TEST
// CLEAN:       [  PASSED  ] 2 tests.
// CLEAN-NOT:   FAILED
// CHECK-NOT:   WARNING: vigil
