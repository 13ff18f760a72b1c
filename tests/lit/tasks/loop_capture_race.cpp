// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The classic Go bug: the loop variable captured by reference. The loop's
// increment of i races with the task's read of it. (The invisible barrier
// only fixes the order in time: the loop ends, then the task reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int seen;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  for (int i = 0; i < 1; i++) {  // PREV
    wg.add(1);
    vigil::go([&] {
      invisible_barrier_wait(&order);
      seen = i;  // CUR
      wg.done();
    });
  }
  invisible_barrier_wait(&order);
  wg.wait();
  std::printf("seen %d\n", seen);
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}loop_capture_race.cpp:22
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}loop_capture_race.cpp:18
// CHECK: SUMMARY: vigil: data race {{.*}}loop_capture_race.cpp:22
