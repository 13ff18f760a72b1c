// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// sync_map orders a store only before the loads that observe it: a load of
// another key (absent here) is not ordered after the store of key 1, so the
// data written before that store races with main's read. Keys 1 and 18 fall
// in the same shard of vigil's sync_map; 1 and 2 do not (the program reports
// with 2). (The invisible barrier only fixes the order in time: the task
// writes and stores, then main loads and reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int x;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::sync_map<int, int> m;
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    x = 1;  // PREV
    m.store(1, 10);
    invisible_barrier_wait(&order);
    wg.done();
  });
  invisible_barrier_wait(&order);
  bool found = m.load(18).has_value();
  std::printf("found %d x %d\n", found, x);  // CUR
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}sync_map_other_key_race.cpp:31
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}sync_map_other_key_race.cpp:24
// CHECK: SUMMARY: vigil: data race {{.*}}sync_map_other_key_race.cpp:31
