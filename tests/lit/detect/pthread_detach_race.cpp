// RUN: %vigil_cxx -O0 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A detached thread cannot be joined: nothing orders its write before the
// main thread's read.
#include "vigil_test.h"
#include <pthread.h>

int status_code;
static invisible_barrier order;

__attribute__((noinline)) void *background(void *) {
  status_code = 7; // PREV
  invisible_barrier_wait(&order);
  return nullptr;
}

int main() {
  invisible_barrier_init(&order, 2);
  pthread_t t;
  pthread_create(&t, nullptr, background, nullptr);
  pthread_detach(t);
  invisible_barrier_wait(&order);
  int v = status_code; // CUR
  asm volatile("" : : "r"(v));
  return 0;
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by {{main thread|thread T0}}:
// CHECK: #0 main{{.*}}pthread_detach_race.cpp:23:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 background(void*){{.*}}pthread_detach_race.cpp:12:
// CHECK: Location is global 'status_code' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}pthread_detach_race.cpp:23:{{[0-9]+}} in main
