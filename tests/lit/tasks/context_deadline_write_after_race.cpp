// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The deadline variant of context_reason_after_cancel_race.cpp: main and a
// worker both see the deadline pass, which orders each after the firing and
// not one after the other; main's later write races with the worker's read.
// (The invisible barrier only fixes the order in time: main writes, then the
// worker reads.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int reason;

int main() {
  invisible_barrier_init(&order, 2);
  auto [ctx, cancel] = vigil::with_timeout(vigil::background(), std::chrono::milliseconds(10));
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg, ctx = ctx] {
    ctx.done().recv();
    invisible_barrier_wait(&order);
    std::printf("reason %d\n", reason);  // CUR
    wg.done();
  });
  ctx.done().recv();
  reason = ctx.err().value();  // PREV
  invisible_barrier_wait(&order);
  wg.wait();
  cancel();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}context_deadline_write_after_race.cpp:26
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}context_deadline_write_after_race.cpp:30
// CHECK: SUMMARY: vigil: data race {{.*}}context_deadline_write_after_race.cpp:26
