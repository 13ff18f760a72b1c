// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A table "updated" under the read lock: two readers hold it at once, so a
// write under it races with another reader's read. (The invisible barrier
// only fixes the order in time: the task reads, then main writes.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int table[4];

int main() {
  invisible_barrier_init(&order, 2);
  vigil::rw_mutex mu;
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    mu.lock_shared();
    int v = table[1];  // PREV
    invisible_barrier_wait(&order);
    mu.unlock_shared();
    std::printf("read %d\n", v);
    wg.done();
  });
  mu.lock_shared();
  invisible_barrier_wait(&order);
  table[1] = 5;  // CUR
  mu.unlock_shared();
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}rwmutex_write_under_rlock_race.cpp:30
// CHECK: Previous read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}rwmutex_write_under_rlock_race.cpp:22
// CHECK: SUMMARY: vigil: data race {{.*}}rwmutex_write_under_rlock_race.cpp:30
