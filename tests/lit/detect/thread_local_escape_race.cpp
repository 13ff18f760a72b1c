// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A thread_local is private only as long as its address stays private: here a
// thread publishes a pointer to its thread_local and another thread writes
// through it while the owner reads it.
#include "vigil_test.h"
#include <atomic>
#include <thread>

thread_local int per_thread_hits;
std::atomic<int *> published{nullptr};
static invisible_barrier order;

__attribute__((noinline)) void owner() {
  published.store(&per_thread_hits, std::memory_order_release);
  invisible_barrier_wait(&order);
  invisible_barrier_wait(&order);
  int v = per_thread_hits; // CUR
  asm volatile("" : : "r"(v));
}

__attribute__((noinline)) void intruder() {
  int *p;
  while (!(p = published.load(std::memory_order_acquire))) {
  }
  invisible_barrier_wait(&order);
  *p = 9; // PREV
  invisible_barrier_wait(&order);
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(owner), b(intruder);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 owner(){{.*}}thread_local_escape_race.cpp:18:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 intruder(){{.*}}thread_local_escape_race.cpp:27:
// CHECK: SUMMARY: vigil: data race {{.*}}thread_local_escape_race.cpp:18:{{[0-9]+}} in owner()
