// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of mutex_counter.cpp where one task skips the lock: unlock → lock
// orders only tasks that take the mutex. Reported whether the two tasks run
// one after the other on one worker or on different ones. (The invisible
// barrier only fixes the order in time: the careful task increments, then the
// careless one starts and does.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;

struct counter {
  vigil::mutex mu;
  long n = 0;  // guarded by mu
};

int main() {
  invisible_barrier_init(&order, 2);
  counter c;
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([&c, &wg] {
    c.mu.lock();
    c.n++;  // PREV
    c.mu.unlock();
    invisible_barrier_wait(&order);
    wg.done();
  });
  invisible_barrier_wait(&order);
  vigil::go([&c, &wg] {
    c.n++;  // CUR
    wg.done();
  });
  wg.wait();
  std::printf("n %ld\n", c.n);
}
// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 8 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}mutex_skipped_race.cpp:38
// CHECK: Previous write of size 8 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}mutex_skipped_race.cpp:31
// CHECK: SUMMARY: vigil: data race {{.*}}mutex_skipped_race.cpp:38
