// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A std::mutex released before the write it was meant to protect.
#include "vigil_test.h"
#include <mutex>
#include <thread>

std::mutex mu;
int hits;
static invisible_barrier order;

__attribute__((noinline)) void early_unlock() {
  mu.lock();
  int v = hits;
  mu.unlock();
  hits = v + 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void locked_reader() {
  invisible_barrier_wait(&order);
  std::lock_guard<std::mutex> lock(mu);
  int v = hits; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(early_unlock), b(locked_reader);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 locked_reader(){{.*}}std_mutex_race.cpp:23:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 early_unlock(){{.*}}std_mutex_race.cpp:16:
// CHECK: Location is global 'hits' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}std_mutex_race.cpp:23:{{[0-9]+}} in locked_reader()
