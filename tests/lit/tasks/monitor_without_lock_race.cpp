// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A monitor that reads the guarded state without the lock. (The invisible
// barrier only fixes the order in time: the worker writes, then main reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;

struct stats {
  vigil::mutex mu;
  long served = 0;
};

int main() {
  invisible_barrier_init(&order, 2);
  stats s;
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    s.mu.lock();
    s.served++;  // PREV
    s.mu.unlock();
    invisible_barrier_wait(&order);
    wg.done();
  });
  invisible_barrier_wait(&order);
  std::printf("served %ld\n", s.served);  // CUR
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 8 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}monitor_without_lock_race.cpp:31
// CHECK: Previous write of size 8 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}monitor_without_lock_race.cpp:25
// CHECK: SUMMARY: vigil: data race {{.*}}monitor_without_lock_race.cpp:31
