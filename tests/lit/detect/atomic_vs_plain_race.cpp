// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// An atomic write and a plain (non-atomic) read of the same location race:
// atomicity must be on both sides.
#include "vigil_test.h"
#include <thread>

int level;
static invisible_barrier order;

__attribute__((noinline)) void atomic_writer() {
  __atomic_store_n(&level, 3, __ATOMIC_SEQ_CST); // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void plain_reader() {
  invisible_barrier_wait(&order);
  int v = level; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(atomic_writer), b(plain_reader);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 plain_reader(){{.*}}atomic_vs_plain_race.cpp:18:
// CHECK: Previous atomic write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 atomic_writer(){{.*}}atomic_vs_plain_race.cpp:12:
// CHECK: Location is global 'level' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}atomic_vs_plain_race.cpp:18:{{[0-9]+}} in plain_reader()
