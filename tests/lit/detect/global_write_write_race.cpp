// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Two unsynchronized writes of a 64-bit global: a write-write race.
#include "vigil_test.h"
#include <pthread.h>

long long total;
static invisible_barrier order;

__attribute__((noinline)) void *first(void *) {
  total = 1; // PREV
  invisible_barrier_wait(&order);
  return nullptr;
}

__attribute__((noinline)) void *second(void *) {
  invisible_barrier_wait(&order);
  total = 2; // CUR
  return nullptr;
}

int main() {
  invisible_barrier_init(&order, 2);
  pthread_t a, b;
  pthread_create(&a, nullptr, first, nullptr);
  pthread_create(&b, nullptr, second, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 second(void*){{.*}}global_write_write_race.cpp:18:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 first(void*){{.*}}global_write_write_race.cpp:11:
// CHECK: Location is global 'total' of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}global_write_write_race.cpp:18:{{[0-9]+}} in second(void*)
