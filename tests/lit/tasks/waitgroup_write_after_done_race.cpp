// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A task that writes after its done(): done() happens before the wait() it
// releases, the task's later write does not. The result written before
// done() is fine; the late one races. (The invisible barrier only fixes the
// order in time: the task writes, then main reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int results[2];

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {
    results[0] = 10;
    wg.done();
    results[1] = 20;  // PREV
    invisible_barrier_wait(&order);
  });
  wg.wait();
  int first = results[0];
  invisible_barrier_wait(&order);
  int second = results[1];  // CUR
  std::printf("results %d %d\n", first, second);
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}waitgroup_write_after_done_race.cpp:29
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}waitgroup_write_after_done_race.cpp:23
// CHECK: SUMMARY: vigil: data race {{.*}}waitgroup_write_after_done_race.cpp:29
