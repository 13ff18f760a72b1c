// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Go's WaitGroup rule: an add that raises the counter from zero must happen
// before a concurrent wait. Here a task brings the counter to zero and adds
// again while main is about to wait: its add is ordered before nothing main
// does, so main's wait (the first waiter) races with it. Whichever runs
// first, the race is there; the task then never calls done, so main blocks
// for good and the library also reports the deadlock (that ends the program,
// with the findings' status, at the same point every time).
#include <vigil/vigil.h>

#include "vigil_test.h"

static invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {
    wg.done();
    wg.add(1);  // PREV: from zero
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  wg.wait();  // CUR: the first waiter
}
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}waitgroup_add_from_zero_race.cpp:26
// CHECK: Previous read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}waitgroup_add_from_zero_race.cpp:22
// CHECK: SUMMARY: vigil: data race {{.*}}waitgroup_add_from_zero_race.cpp:26
// CHECK: WARNING: vigil: all tasks are asleep - deadlock
