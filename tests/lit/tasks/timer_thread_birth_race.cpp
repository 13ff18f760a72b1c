// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// main writes after go(), then waits on a timer; the task waits on a timer of
// its own and reads the write. A timer's firing happens before the receive of
// its value, and nothing orders main's write before the task's timer: a race,
// whoever armed the first timer. (The invisible barrier only fixes the order
// in time: main writes and takes its timer's value, then the task arms its
// own.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int x;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {
    invisible_barrier_wait(&order);
    vigil::after(std::chrono::milliseconds(1)).recv();
    std::printf("x %d\n", x);  // CUR
    wg.done();
  });
  x = 1;  // PREV
  vigil::after(std::chrono::milliseconds(1)).recv();
  invisible_barrier_wait(&order);
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}timer_thread_birth_race.cpp:29
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}timer_thread_birth_race.cpp:32
// CHECK: SUMMARY: vigil: data race {{.*}}timer_thread_birth_race.cpp:29
