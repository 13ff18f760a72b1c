// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of rwmutex_reader_writer.cpp with a reader that skips
// lock_shared(): the writer's unlock happens before later lock_shared()
// calls, and this read makes none. (The invisible barrier only fixes the
// order in time: the writer writes, then the reader starts and reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;

struct config {
  int version;
  int limit;
};

int main() {
  invisible_barrier_init(&order, 2);
  vigil::rw_mutex mu;
  config cfg{1, 10};  // guarded by mu
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([&] {
    mu.lock();
    cfg.limit = 20;  // PREV
    cfg.version = 2;
    mu.unlock();
    invisible_barrier_wait(&order);
    wg.done();
  });
  invisible_barrier_wait(&order);
  vigil::go([&] {
    std::printf("limit %d\n", cfg.limit);  // CUR
    wg.done();
  });
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}rwmutex_read_without_rlock_race.cpp:36
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}rwmutex_read_without_rlock_race.cpp:28
// CHECK: SUMMARY: vigil: data race {{.*}}rwmutex_read_without_rlock_race.cpp:36
