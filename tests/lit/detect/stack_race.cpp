// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A local variable whose address escapes to another thread: the owner writes
// it again while the other thread reads it.
#include "vigil_test.h"
#include <thread>

static invisible_barrier order;

__attribute__((noinline)) void peek(int *p) {
  invisible_barrier_wait(&order);
  int v = *p; // PREV
  asm volatile("" : : "r"(v));
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void owner() {
  int local = 1;
  std::thread t(peek, &local);
  invisible_barrier_wait(&order);
  invisible_barrier_wait(&order);
  local = 2; // CUR
  asm volatile("" : : "r"(&local) : "memory");
  t.join();
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread o(owner);
  o.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 owner(){{.*}}stack_race.cpp:22:
// CHECK: Previous read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 peek(int*){{.*}}stack_race.cpp:12:
// CHECK: Location is stack of {{.*}}thread T{{[0-9]+}}
// CHECK: SUMMARY: vigil: data race {{.*}}stack_race.cpp:22:{{[0-9]+}} in owner()
