// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of context_cancel.cpp with the reason set after cancel(): a
// worker that saw the cancellation is ordered after cancel(), not after the
// later write. (The invisible barrier only fixes the order in time: main
// writes, then the worker reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int reason;

int main() {
  invisible_barrier_init(&order, 2);
  auto [ctx, cancel] = vigil::with_cancel(vigil::background());
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg, ctx = ctx] {
    ctx.done().recv();
    invisible_barrier_wait(&order);
    std::printf("reason %d\n", reason);  // CUR
    wg.done();
  });
  cancel();
  reason = 9;  // PREV
  invisible_barrier_wait(&order);
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}context_reason_after_cancel_race.cpp:24
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}context_reason_after_cancel_race.cpp:28
// CHECK: SUMMARY: vigil: data race {{.*}}context_reason_after_cancel_race.cpp:24
