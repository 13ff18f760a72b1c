// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A write made under a shared (reader) lock races with another reader: shared
// lockers are not ordered with each other.
#include "vigil_test.h"
#include <mutex>
#include <shared_mutex>
#include <thread>

std::shared_mutex mu;
int cached;
static invisible_barrier order;

__attribute__((noinline)) void refresh_under_shared_lock() {
  std::shared_lock<std::shared_mutex> lock(mu);
  cached = 10; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void read_cached() {
  invisible_barrier_wait(&order);
  std::shared_lock<std::shared_mutex> lock(mu);
  int v = cached; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(refresh_under_shared_lock), b(read_cached);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 read_cached(){{.*}}shared_lock_write_race.cpp:23:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 refresh_under_shared_lock(){{.*}}shared_lock_write_race.cpp:16:
// CHECK: Location is global 'cached' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}shared_lock_write_race.cpp:23:{{[0-9]+}} in read_cached()
