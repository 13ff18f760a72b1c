// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The deadline variant of timer_ticker_leaks_clock_race.cpp: main writes
// after go() and takes two ticks of its own ticker; the task that sees the
// context's deadline pass reads the write. The deadline's firing happens
// before the task's receive on done(); main's write is ordered before
// nothing the task does. (The invisible barrier only fixes the order in
// time: main writes, then the task reads.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int x;

int main() {
  invisible_barrier_init(&order, 2);
  auto [ctx, cancel] = vigil::with_timeout(vigil::background(), std::chrono::milliseconds(100));
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg, ctx = ctx] {
    ctx.done().recv();
    invisible_barrier_wait(&order);
    std::printf("x %d\n", x);  // CUR
    wg.done();
  });
  vigil::ticker t(std::chrono::milliseconds(5));
  x = 1;  // PREV
  t.c().recv();
  t.c().recv();
  invisible_barrier_wait(&order);
  wg.wait();
  cancel();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}context_deadline_leaks_clock_race.cpp:27
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}context_deadline_leaks_clock_race.cpp:31
// CHECK: SUMMARY: vigil: data race {{.*}}context_deadline_leaks_clock_race.cpp:27
