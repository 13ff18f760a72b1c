// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of sync_map_publish.cpp with the score set after the store: the
// load is ordered after the store, not after the later write. (The invisible
// barrier only fixes the order in time: the task writes, then main loads and
// reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;

struct profile {
  int id;
  int score;
};

int main() {
  invisible_barrier_init(&order, 2);
  vigil::sync_map<int, profile *> profiles;
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    auto *p = new profile{7, 0};
    profiles.store(7, p);
    p->score = 99;  // PREV
    invisible_barrier_wait(&order);
    wg.done();
  });
  invisible_barrier_wait(&order);
  profile *p = *profiles.load(7);
  std::printf("id %d score %d\n", p->id, p->score);  // CUR
  wg.wait();
  delete p;
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}sync_map_write_after_store_race.cpp:34
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}sync_map_write_after_store_race.cpp:28
// CHECK: Location is heap block of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}sync_map_write_after_store_race.cpp:34
