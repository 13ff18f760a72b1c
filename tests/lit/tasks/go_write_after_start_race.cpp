// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of go_start_publishes.cpp: main sets the limit after go(), which
// orders only what came before it. A race on one worker or on eight. (The
// invisible barrier only fixes the order in time: main writes, then the task
// reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int limit;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {  // GO
    invisible_barrier_wait(&order);
    std::printf("limit %d\n", limit);  // CUR
    wg.done();
  });
  limit = 40;  // PREV
  invisible_barrier_wait(&order);
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}go_write_after_start_race.cpp:25
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}go_write_after_start_race.cpp:28
// CHECK: Task {{[0-9]+}} ({{running|finished}}) created by main thread at:
// CHECK-NEXT: #0 main {{.*}}go_write_after_start_race.cpp:23
// CHECK: SUMMARY: vigil: data race {{.*}}go_write_after_start_race.cpp:25
