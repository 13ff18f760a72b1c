// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// One thread frees a heap block; later (in time, but with no happens-before)
// another thread reads from it. Freeing must not simply forget the block's
// history: the read races with the free.
#include "vigil_test.h"
#include <cstdlib>
#include <thread>

static invisible_barrier order;
int *block;

__attribute__((noinline)) void release() {
  std::free(block); // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void late_use() {
  invisible_barrier_wait(&order);
  int v = block[1]; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  block = static_cast<int *>(std::calloc(4, sizeof(int))); // ALLOC
  invisible_barrier_init(&order, 2);
  std::thread a(release), b(late_use);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: {{heap-use-after-free race|heap-use-after-free|data race}}
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 late_use(){{.*}}free_then_use_race.cpp:20:
// CHECK: Previous {{free|write}} of size {{[0-9]+}} at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} release(){{.*}}free_then_use_race.cpp:14:
// CHECK: SUMMARY: vigil: {{heap-use-after-free race|heap-use-after-free|data race}} {{.*}}free_then_use_race.cpp:20:{{[0-9]+}} in late_use()
