// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A release fence only helps stores that come after it: here the relaxed flag
// store comes before the fence, so the reader's relaxed load + acquire fence
// does not synchronize with the writer.
#include "vigil_test.h"
#include <atomic>
#include <thread>

int data;
std::atomic<int> flag{0};

__attribute__((noinline)) void writer() {
  data = 1; // PREV
  flag.store(1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release); // too late
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
// CHECK: #0 reader(){{.*}}fence_after_store_race.cpp:23:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 writer(){{.*}}fence_after_store_race.cpp:14:
// CHECK: Location is global 'data' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}fence_after_store_race.cpp:23:{{[0-9]+}} in reader()
