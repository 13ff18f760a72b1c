// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// volatile is not synchronization: a volatile "ready" flag races itself.
#include "vigil_test.h"
#include <thread>

volatile int ready;
static invisible_barrier order;

__attribute__((noinline)) void setter() {
  ready = 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void poller() {
  invisible_barrier_wait(&order);
  while (!ready) { // CUR
  }
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(setter), b(poller);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 poller(){{.*}}volatile_flag_race.cpp:17:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 setter(){{.*}}volatile_flag_race.cpp:11:
// CHECK: Location is global 'ready' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}volatile_flag_race.cpp:17:{{[0-9]+}} in poller()
