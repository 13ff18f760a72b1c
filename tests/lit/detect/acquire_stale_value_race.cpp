// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// An acquire load synchronizes only with the release store whose value it
// reads: here it reads the initial value (the store comes later), and the
// reader goes on to read the data anyway.
#include "vigil_test.h"
#include <atomic>
#include <thread>

int data;
std::atomic<int> ready{0};
static invisible_barrier order;

__attribute__((noinline)) void producer() {
  data = 7; // PREV
  invisible_barrier_wait(&order);
  invisible_barrier_wait(&order);
  ready.store(1, std::memory_order_release);
}

__attribute__((noinline)) void impatient_consumer() {
  invisible_barrier_wait(&order);
  int r = ready.load(std::memory_order_acquire); // reads 0
  int v = data; // CUR
  asm volatile("" : : "r"(v), "r"(r));
  invisible_barrier_wait(&order);
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(producer), b(impatient_consumer);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 impatient_consumer(){{.*}}acquire_stale_value_race.cpp:24:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 producer(){{.*}}acquire_stale_value_race.cpp:15:
// CHECK: Location is global 'data' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}acquire_stale_value_race.cpp:24:{{[0-9]+}} in impatient_consumer()
