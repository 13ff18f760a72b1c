// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// Two vigil::go tasks joined by a wait_group: when both write a counter
// without a lock, the test fails with the race between the two tasks; the
// same test with a vigil::mutex passes. The wait_group orders both tasks
// before the body's final read, so that read is not part of the race. The
// second task is started only after the first has written (an invisible
// flag the body waits for), so the report names the same sites every run.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <mutex>

#include "vigil_test.h"

namespace {

int guarded_total;
vigil::mutex total_mu;
int total;
invisible_barrier first_wrote;

void add_locked(vigil::wait_group& wg) {
  {
    std::lock_guard<vigil::mutex> l(total_mu);
    guarded_total++;
  }
  wg.done();
}

TEST(TaskRace, AWithMutexPasses) {
  vigil::wait_group wg;
  for (int i = 0; i < 8; i++) {
    wg.add(1);
    vigil::go(add_locked, std::ref(wg));
  }
  wg.wait();
  EXPECT_EQ(guarded_total, 8);
}

TEST(TaskRace, BWithoutMutexFails) {
  invisible_barrier_init(&first_wrote, 2);
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([&wg] {
    total += 1;
    wg.done();
    invisible_barrier_wait(&first_wrote);
  });
  invisible_barrier_wait(&first_wrote);
  vigil::go([&wg] {
    total += 2;
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(total, 3);  // holds: the race is the failure
}

TEST(TaskRace, CAfterwardsACleanTestPasses) {
  auto c = vigil::make_chan<int>();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([c, &wg] {
    c.send(5);
    wg.done();
  });
  EXPECT_EQ(*c.recv(), 5);
  wg.wait();
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] TaskRace.AWithMutexPasses
// CHECK-NEXT: [       OK ] TaskRace.AWithMutexPasses (
// CHECK:      [ RUN      ] TaskRace.BWithoutMutexFails
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: data race
// CHECK-NEXT:   Write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT:     #0 {{.*}}TaskRace_BWithoutMutexFails_Test::TestBody(){{.*}}task_race_wait_group.cpp:53:
// CHECK:        Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT:     #0 {{.*}}TaskRace_BWithoutMutexFails_Test::TestBody(){{.*}}task_race_wait_group.cpp:47:
// CHECK:        Location is global '{{.*}}total' of size 4
// CHECK:      SUMMARY: vigil: data race {{.*}}task_race_wait_group.cpp:53:{{[0-9]+}} in
// CHECK:      gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: data race {{.*}}task_race_wait_group.cpp:53:{{[0-9]+}} in
// CHECK-NEXT: [  FAILED  ] TaskRace.BWithoutMutexFails (
// CHECK:      [ RUN      ] TaskRace.CAfterwardsACleanTestPasses
// CHECK-NEXT: [       OK ] TaskRace.CAfterwardsACleanTestPasses (
// CHECK:      [  PASSED  ] 2 tests.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] TaskRace.BWithoutMutexFails
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
