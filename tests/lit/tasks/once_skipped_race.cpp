// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of once_init.cpp with a reader that skips call(): it reads what
// the initializer wrote without the edge. (The invisible barrier only fixes
// the order in time: the initializer runs, then the task reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int level;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::once init;
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    invisible_barrier_wait(&order);
    int v = level;  // CUR
    std::printf("level %d\n", v);
    wg.done();
  });
  init.call([] { level = 3; });  // PREV
  invisible_barrier_wait(&order);
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}once_skipped_race.cpp:22
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 {{.*}}once_skipped_race.cpp:26
// CHECK: SUMMARY: vigil: data race {{.*}}once_skipped_race.cpp:22
