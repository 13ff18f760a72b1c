// RUN: %vigil_cxx -O0 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A write made after the barrier in one phase and a read made after the same
// barrier by another thread: the barrier orders neither with the other.
#include "vigil_test.h"
#include <pthread.h>

pthread_barrier_t barrier;
int shared_cell;
static invisible_barrier order;

__attribute__((noinline)) void *late_writer(void *) {
  pthread_barrier_wait(&barrier);
  shared_cell = 3; // PREV
  invisible_barrier_wait(&order);
  return nullptr;
}

__attribute__((noinline)) void *reader(void *) {
  pthread_barrier_wait(&barrier);
  invisible_barrier_wait(&order);
  int v = shared_cell; // CUR
  asm volatile("" : : "r"(v));
  return nullptr;
}

int main() {
  pthread_barrier_init(&barrier, nullptr, 2);
  invisible_barrier_init(&order, 2);
  pthread_t a, b;
  pthread_create(&a, nullptr, late_writer, nullptr);
  pthread_create(&b, nullptr, reader, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  pthread_barrier_destroy(&barrier);
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 reader(void*){{.*}}pthread_barrier_race.cpp:22:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 late_writer(void*){{.*}}pthread_barrier_race.cpp:14:
// CHECK: Location is global 'shared_cell' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}pthread_barrier_race.cpp:22:{{[0-9]+}} in reader(void*)
