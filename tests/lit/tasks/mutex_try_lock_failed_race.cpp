// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A failed try_lock() synchronizes with nothing: main finds the mutex held
// and reads the gauge anyway ("someone is updating it, any value will do"),
// racing with the holder's write. (The invisible barriers only fix the order
// in time: the task locks and writes, main fails to lock and reads, then the
// task unlocks.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;

struct gauge {
  vigil::mutex mu;
  int value = 0;  // guarded by mu
};

int main() {
  invisible_barrier_init(&order, 2);
  gauge g;
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    g.mu.lock();
    g.value = 7;  // PREV
    invisible_barrier_wait(&order);
    invisible_barrier_wait(&order);
    g.mu.unlock();
    wg.done();
  });
  invisible_barrier_wait(&order);
  bool locked = g.mu.try_lock();
  int v = g.value;  // CUR
  if (locked) g.mu.unlock();
  invisible_barrier_wait(&order);
  wg.wait();
  std::printf("locked %d value %d\n", locked, v);
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}mutex_try_lock_failed_race.cpp:36
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}mutex_try_lock_failed_race.cpp:28
// CHECK: Location is stack of main thread.
// CHECK: SUMMARY: vigil: data race {{.*}}mutex_try_lock_failed_race.cpp:36
// CHECK: locked 0 value 7
