// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Sleep used instead of a join: a task sleeps "long enough" for main to
// finish the setup, then reads it; the timer that wakes the task carries no
// edge from main. (The invisible barrier makes the sleep's guess come true
// every run: main writes, then the task reads.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int workers_wanted;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {
    vigil::sleep_for(std::chrono::milliseconds(20));
    invisible_barrier_wait(&order);
    std::printf("wanted %d\n", workers_wanted);  // CUR
    wg.done();
  });
  workers_wanted = 4;  // PREV
  invisible_barrier_wait(&order);
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}sleep_for_not_join_race.cpp:24
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}sleep_for_not_join_race.cpp:27
// CHECK: SUMMARY: vigil: data race {{.*}}sleep_for_not_join_race.cpp:24
