// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A release (a mutex unlock) between the fence and the relaxed store does
// not order the write after the fence for a thread that synchronizes with
// the fence through the store: the write is still reported.
#include "vigil_test.h"
#include <atomic>
#include <mutex>
#include <thread>

int data;
std::atomic<int> flag{0};
std::mutex other;

__attribute__((noinline)) void writer() {
  data = 1;
  std::atomic_thread_fence(std::memory_order_release);
  data = 2; // PREV
  other.lock();
  other.unlock();
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
// CHECK: #0 reader(){{.*}}fence_window_release_between_race.cpp:28:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 writer(){{.*}}fence_window_release_between_race.cpp:18:
// CHECK: SUMMARY: vigil: data race {{.*}}fence_window_release_between_race.cpp:28:{{[0-9]+}} in reader()
// CHECK-NOT: WARNING: vigil
