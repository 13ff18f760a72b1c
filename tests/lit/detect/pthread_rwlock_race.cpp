// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A writer that takes the pthread rwlock for reading only races with a reader.
#include "vigil_test.h"
#include <pthread.h>

pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int generation;
static invisible_barrier order;

__attribute__((noinline)) void *bump(void *) {
  pthread_rwlock_rdlock(&rw); // bug: should be wrlock
  generation++; // PREV
  invisible_barrier_wait(&order);
  pthread_rwlock_unlock(&rw);
  return nullptr;
}

__attribute__((noinline)) void *observe(void *) {
  invisible_barrier_wait(&order);
  pthread_rwlock_rdlock(&rw);
  int v = generation; // CUR
  pthread_rwlock_unlock(&rw);
  asm volatile("" : : "r"(v));
  return nullptr;
}

int main() {
  invisible_barrier_init(&order, 2);
  pthread_t a, b;
  pthread_create(&a, nullptr, bump, nullptr);
  pthread_create(&b, nullptr, observe, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 observe(void*){{.*}}pthread_rwlock_race.cpp:22:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 bump(void*){{.*}}pthread_rwlock_race.cpp:13:
// CHECK: Location is global 'generation' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}pthread_rwlock_race.cpp:22:{{[0-9]+}} in observe(void*)
