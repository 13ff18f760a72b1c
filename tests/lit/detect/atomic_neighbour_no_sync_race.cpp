// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Two 4-byte atomics share one 8-byte word. A release on one of them does not
// order anything for an acquire of the other: keying sync by bytes must not
// merge neighbours.
#include "vigil_test.h"
#include <atomic>
#include <thread>

struct flags {
  std::atomic<int> a{0};
  std::atomic<int> b{0};
};
alignas(8) flags f;
int data;
static invisible_barrier order;

__attribute__((noinline)) void producer() {
  data = 1; // PREV
  f.a.store(1, std::memory_order_release);
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void consumer() {
  invisible_barrier_wait(&order);
  f.b.store(1, std::memory_order_relaxed);
  (void)f.b.load(std::memory_order_acquire);
  data = 2; // CUR
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread p(producer), c(consumer);
  p.join();
  c.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 consumer(){{.*}}atomic_neighbour_no_sync_race.cpp:28:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 producer(){{.*}}atomic_neighbour_no_sync_race.cpp:19:
// CHECK: Location is global 'data' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}atomic_neighbour_no_sync_race.cpp:28:{{[0-9]+}} in consumer()
