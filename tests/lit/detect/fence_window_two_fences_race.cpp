// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Two release fences, then a relaxed store: the store publishes the second
// fence, which orders the write between the fences but not the one after
// it. Exactly one race, with the write after the second fence.
#include "vigil_test.h"
#include <atomic>
#include <thread>

int data;
std::atomic<int> flag{0};

__attribute__((noinline)) void writer() {
  data = 1;
  std::atomic_thread_fence(std::memory_order_release);
  data = 2; // ordered before the second fence
  std::atomic_thread_fence(std::memory_order_seq_cst);
  data = 3; // PREV
  flag.store(1, std::memory_order_relaxed);
}

__attribute__((noinline)) void reader() {
  while (flag.load(std::memory_order_relaxed) == 0) {
  }
  std::atomic_thread_fence(std::memory_order_acquire);
  int v = data; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  std::thread b(reader), a(writer);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 reader(){{.*}}fence_window_two_fences_race.cpp:26:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 writer(){{.*}}fence_window_two_fences_race.cpp:18:
// CHECK: SUMMARY: vigil: data race {{.*}}fence_window_two_fences_race.cpp:26:{{[0-9]+}} in reader()
// CHECK-NOT: WARNING: vigil
