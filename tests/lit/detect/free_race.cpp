// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// One thread frees a heap block while another thread's read of it is not
// ordered before the free.
#include "vigil_test.h"
#include <cstdlib>
#include <thread>

static invisible_barrier order;
int *block;

__attribute__((noinline)) void use() {
  int v = block[2]; // PREV
  asm volatile("" : : "r"(v));
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void release() {
  invisible_barrier_wait(&order);
  std::free(block); // CUR
}

int main() {
  block = static_cast<int *>(std::calloc(4, sizeof(int))); // ALLOC
  invisible_barrier_init(&order, 2);
  std::thread a(use), b(release);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: {{data race|heap-use-after-free race}}
// CHECK: {{Free|Write}} of size {{[0-9]+}} at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} release(){{.*}}free_race.cpp:20:
// CHECK: Previous read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 use(){{.*}}free_race.cpp:13:
// CHECK: Location is heap block of size 16 at {{.*}} allocated by {{main thread|thread T0}}:
// CHECK: #{{[0-9]+}} main{{.*}}free_race.cpp:24:
// CHECK: SUMMARY: vigil: {{data race|heap-use-after-free race}}
