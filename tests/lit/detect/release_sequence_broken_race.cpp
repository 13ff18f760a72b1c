// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A plain (relaxed) store by another thread ends a release sequence (C++20:
// only read-modify-writes continue it). Thread C's only acquire load reads B's
// stored value, which does not synchronize with A, so C's read of the data
// races with A's write. (C waits for B through the invisible barrier, never
// through a load that could read A's value and synchronize with A.)
#include "vigil_test.h"
#include <atomic>
#include <thread>

int data;
std::atomic<int> seq{0};
static invisible_barrier b_then_c;

__attribute__((noinline)) void thread_a() {
  data = 100; // PREV
  seq.store(1, std::memory_order_release);
}

__attribute__((noinline)) void thread_b() {
  while (seq.load(std::memory_order_relaxed) != 1) {
  }
  seq.store(2, std::memory_order_relaxed); // not an RMW: ends the sequence
  invisible_barrier_wait(&b_then_c);
}

__attribute__((noinline)) void thread_c() {
  invisible_barrier_wait(&b_then_c);
  if (seq.load(std::memory_order_acquire) != 2) // reads B's store
    __builtin_trap();
  int v = data; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&b_then_c, 2);
  std::thread c(thread_c), b(thread_b), a(thread_a);
  a.join();
  b.join();
  c.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 thread_c(){{.*}}release_sequence_broken_race.cpp:32:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 thread_a(){{.*}}release_sequence_broken_race.cpp:17:
// CHECK: Location is global 'data' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}release_sequence_broken_race.cpp:32:{{[0-9]+}} in thread_c()
