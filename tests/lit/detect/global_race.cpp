// RUN: %vigil_cxx -O0 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A global written by one thread and read by another with nothing between.
#include "vigil_test.h"
#include <thread>

int counter;
static invisible_barrier order;

__attribute__((noinline)) void writer() {
  counter = 42; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void reader() {
  invisible_barrier_wait(&order);
  int v = counter; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(writer), b(reader);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 reader(){{.*}}global_race.cpp:18:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 writer(){{.*}}global_race.cpp:12:
// CHECK: Location is global 'counter' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}global_race.cpp:18:{{[0-9]+}} in reader()
