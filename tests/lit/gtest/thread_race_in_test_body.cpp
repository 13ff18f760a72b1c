// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A data race between the test body and a std::thread it joins fails that
// test with the race's summary line; the tests before and after it pass. The
// invisible barrier makes the thread's write come first without ordering it
// for vigil, so the report names the same two sites every run.
#include <vigil/gtest.h>

#include <mutex>
#include <thread>

#include "vigil_test.h"

namespace {

int hits;
std::mutex hits_mu;
int unguarded_hits;
invisible_barrier order;

TEST(ThreadRace, ALockedCounterPasses) {
  std::thread t([] {
    std::lock_guard<std::mutex> l(hits_mu);
    hits++;
  });
  {
    std::lock_guard<std::mutex> l(hits_mu);
    hits++;
  }
  t.join();
  EXPECT_EQ(hits, 2);
}

TEST(ThreadRace, BUnguardedCounterFails) {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    unguarded_hits++;
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  unguarded_hits++;
  t.join();
  EXPECT_EQ(unguarded_hits, 2);  // holds: the race is the failure
}

TEST(ThreadRace, CAfterwardsACleanTestPasses) {
  int local = 0;
  std::thread t([&local] { local = 1; });
  t.join();
  EXPECT_EQ(local, 1);
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] ThreadRace.ALockedCounterPasses
// CHECK-NEXT: [       OK ] ThreadRace.ALockedCounterPasses (
// CHECK:      [ RUN      ] ThreadRace.BUnguardedCounterFails
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: data race
// CHECK-NEXT:   Write of size 4 at {{.*}} by main thread:
// CHECK-NEXT:     #0 {{.*}}ThreadRace_BUnguardedCounterFails_Test::TestBody() {{.*}}thread_race_in_test_body.cpp:42:
// CHECK:        Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT:     #0 {{.*}}thread_race_in_test_body.cpp:38:
// CHECK:        Location is global '{{.*}}unguarded_hits' of size 4
// CHECK:      SUMMARY: vigil: data race {{.*}}thread_race_in_test_body.cpp:42:{{[0-9]+}} in {{.*}}ThreadRace_BUnguardedCounterFails_Test::TestBody()
// CHECK:      gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: data race {{.*}}thread_race_in_test_body.cpp:42:{{[0-9]+}} in {{.*}}ThreadRace_BUnguardedCounterFails_Test::TestBody()
// CHECK-NEXT: [  FAILED  ] ThreadRace.BUnguardedCounterFails (
// CHECK:      [ RUN      ] ThreadRace.CAfterwardsACleanTestPasses
// CHECK-NEXT: [       OK ] ThreadRace.CAfterwardsACleanTestPasses (
// CHECK:      [  PASSED  ] 2 tests.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] ThreadRace.BUnguardedCounterFails
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
