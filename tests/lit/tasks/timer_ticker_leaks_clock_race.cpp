// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Two tasks whose only link is that both use timers: a task writes, then
// takes a tick from its own ticker; main later takes the value of its own
// after(). A timer's firing happens before the receive of its value and the
// ticker's k-th receive before its (k+1)-th send, but nothing orders one
// timer's channel after another's: the write and main's read race. (The
// invisible barrier only fixes the order in time: the task writes and takes
// its first tick, then main arms its timer and reads.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int y;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::go([] {
    vigil::ticker t(std::chrono::milliseconds(5));
    y = 1;  // PREV
    t.c().recv();
    invisible_barrier_wait(&order);
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  vigil::after(std::chrono::milliseconds(50)).recv();
  std::printf("y %d\n", y);  // CUR
  invisible_barrier_wait(&order);
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}timer_ticker_leaks_clock_race.cpp:31
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}timer_ticker_leaks_clock_race.cpp:24
// CHECK: SUMMARY: vigil: data race {{.*}}timer_ticker_leaks_clock_race.cpp:31
