// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t --gtest_repeat=3 2>&1 | FileCheck %s
// VERDICT: per-test
// --gtest_repeat=3 with a racy test: the race is the same finding each time,
// so its report is printed once (first iteration); every iteration's run of
// the racy test still fails — the first with the race's summary, the others
// saying the report was made again — and the clean test passes all three
// times.
#include <vigil/gtest.h>

#include <thread>

#include "vigil_test.h"

namespace {

long total;
invisible_barrier order;

TEST(Repeat, Racy) {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    total += 1;
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  total += 2;
  t.join();
}

TEST(Repeat, Clean) {
  long local = 0;
  std::thread t([&local] { local = 1; });
  t.join();
  EXPECT_EQ(local, 1);
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      Repeating all tests (iteration 1)
// CHECK:      [ RUN      ] Repeat.Racy
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by main thread:
// CHECK-NEXT:     #0 {{.*}}Repeat_Racy_Test::TestBody() {{.*}}repeat_racy_reported_once.cpp:27:
// CHECK:        Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT:     #0 {{.*}}repeat_racy_reported_once.cpp:23:
// CHECK:      SUMMARY: vigil: data race {{.*}}repeat_racy_reported_once.cpp:27:{{[0-9]+}} in {{.*}}Repeat_Racy_Test::TestBody()
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: data race {{.*}}repeat_racy_reported_once.cpp:27:{{[0-9]+}} in {{.*}}Repeat_Racy_Test::TestBody()
// CHECK-NEXT: [  FAILED  ] Repeat.Racy (
// CHECK-NEXT: [ RUN      ] Repeat.Clean
// CHECK-NEXT: [       OK ] Repeat.Clean (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] Repeat.Racy
// CHECK-NOT:  WARNING: vigil
// CHECK:      Repeating all tests (iteration 2)
// CHECK-NOT:  WARNING: vigil
// CHECK:      [ RUN      ] Repeat.Racy
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: 1 report made again (printed the first time)
// CHECK-NEXT: [  FAILED  ] Repeat.Racy (
// CHECK-NEXT: [ RUN      ] Repeat.Clean
// CHECK-NEXT: [       OK ] Repeat.Clean (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] Repeat.Racy
// CHECK-NOT:  WARNING: vigil
// CHECK:      Repeating all tests (iteration 3)
// CHECK-NOT:  WARNING: vigil
// CHECK:      [ RUN      ] Repeat.Racy
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: 1 report made again (printed the first time)
// CHECK-NEXT: [  FAILED  ] Repeat.Racy (
// CHECK-NEXT: [ RUN      ] Repeat.Clean
// CHECK-NEXT: [       OK ] Repeat.Clean (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] Repeat.Racy
// CHECK:      1 FAILED TEST
// CHECK-NOT:  Repeating all tests
// CHECK-NOT:  WARNING: vigil
