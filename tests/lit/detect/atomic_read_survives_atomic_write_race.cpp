// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// An atomic read, then another thread's atomic store to the same atomic
// (no race: both atomic, unordered), then a plain re-initialization by the
// main thread, which is ordered after the store (join) but not after the
// read: the plain write races with the read. The store must not make the
// detector forget the read.
#include "vigil_test.h"
#include <atomic>
#include <new>
#include <thread>

std::atomic<long> value{1};
std::atomic<int> read_done{0};
long sink;

__attribute__((noinline)) void reader() {
  sink = value.load(std::memory_order_relaxed); // PREV
  read_done.store(1, std::memory_order_relaxed);
}

__attribute__((noinline)) void storer() {
  while (read_done.load(std::memory_order_relaxed) == 0) {
  }
  value.store(2, std::memory_order_relaxed);
}

int main() {
  std::thread a(reader), b(storer);
  b.join();  // orders the store, not the read (its flag is relaxed)
  new (&value) std::atomic<long>(7); // CUR
  a.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 8 at {{.*}} by main thread:
// CHECK: #{{[0-9]+}} main{{.*}}atomic_read_survives_atomic_write_race.cpp:31:
// CHECK: Previous atomic read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} reader(){{.*}}atomic_read_survives_atomic_write_race.cpp:18:
// CHECK: SUMMARY: vigil: data race
// CHECK-NOT: WARNING: vigil
