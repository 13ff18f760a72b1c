// RUN: %vigil_cxx -O1 -std=c++20 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A worker writes its result after count_down: the waiter's read after wait()
// is not ordered after that write.
#include "vigil_test.h"
#include <latch>
#include <thread>

std::latch done(1);
int result;
static invisible_barrier order;

__attribute__((noinline)) void worker() {
  done.count_down();
  result = 5; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void waiter() {
  done.wait();
  invisible_barrier_wait(&order);
  int v = result; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(worker), b(waiter);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 waiter(){{.*}}latch_race.cpp:22:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 worker(){{.*}}latch_race.cpp:15:
// CHECK: Location is global 'result' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}latch_race.cpp:22:{{[0-9]+}} in waiter()
