// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A heap int written by two threads; the report describes the heap block.
#include "vigil_test.h"
#include <thread>

static invisible_barrier order;

__attribute__((noinline)) void store(int *p, int v) {
  *p = v; // ACCESS
}

__attribute__((noinline)) void early(int *p) {
  store(p, 1); // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void late(int *p) {
  invisible_barrier_wait(&order);
  store(p, 2); // CUR
}

int main() {
  invisible_barrier_init(&order, 2);
  int *p = new int(0); // ALLOC
  std::thread a(early, p), b(late, p);
  a.join();
  b.join();
  delete p;
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 store(int*, int){{.*}}heap_race.cpp:11:
// CHECK-NEXT: #1 late(int*){{.*}}heap_race.cpp:21:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 store(int*, int){{.*}}heap_race.cpp:11:
// CHECK-NEXT: #1 early(int*){{.*}}heap_race.cpp:15:
// CHECK: Location is heap block of size 4 at {{.*}} allocated by {{main thread|thread T0}}:
// CHECK: #{{[0-9]+}} main{{.*}}heap_race.cpp:26:
// CHECK: SUMMARY: vigil: data race {{.*}}heap_race.cpp:11:{{[0-9]+}} in store(int*, int)
