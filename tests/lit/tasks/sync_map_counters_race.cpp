// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Counters kept as plain ints behind pointers stored in a sync_map: the map
// synchronizes its own entries, not what the values point to. (The invisible
// barrier only fixes the order in time: the task increments, then main does.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::sync_map<int, int *> counters;
  counters.store(1, new int(0));
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    int *c = *counters.load(1);
    ++*c;  // PREV
    invisible_barrier_wait(&order);
    wg.done();
  });
  invisible_barrier_wait(&order);
  int *c = *counters.load(1);
  ++*c;  // CUR
  wg.wait();
  std::printf("count %d\n", *c);
  delete c;
}
// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}sync_map_counters_race.cpp:28
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}sync_map_counters_race.cpp:22
// CHECK: SUMMARY: vigil: data race {{.*}}sync_map_counters_race.cpp:28
