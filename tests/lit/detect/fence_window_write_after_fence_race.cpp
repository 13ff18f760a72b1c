// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// An access after a release fence to a word this thread wrote before it is
// not published by the fence: the relaxed store publishes the fence's clock,
// and the reader, which synchronizes with the fence, races with the second
// write. vigil notes such accesses instead of recording them while the fence
// is unpublished (access.cpp, "Fence windows"); the store must record them
// first.
#include "vigil_test.h"
#include <atomic>
#include <thread>

int data;
std::atomic<int> flag{0};

__attribute__((noinline)) void writer() {
  data = 1;
  std::atomic_thread_fence(std::memory_order_release);
  data = 2; // PREV
  flag.store(1, std::memory_order_relaxed);
}

__attribute__((noinline)) void reader() {
  while (flag.load(std::memory_order_relaxed) == 0) {
  }
  std::atomic_thread_fence(std::memory_order_acquire);
  data = 3; // CUR
}

int main() {
  std::thread b(reader), a(writer);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 reader(){{.*}}fence_window_write_after_fence_race.cpp:27:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 writer(){{.*}}fence_window_write_after_fence_race.cpp:19:
// CHECK: Location is global 'data' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}fence_window_write_after_fence_race.cpp:27:{{[0-9]+}} in reader()
// CHECK-NOT: WARNING: vigil
