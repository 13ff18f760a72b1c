// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Thread A writes x, then makes millions of calls and memory accesses before
// thread B writes x without synchronization. The race is real however old the
// first access is. ThreadSanitizer's per-thread trace has long been
// overwritten by then: it cannot restore A's stack and drops the report.
#include "vigil_test.h"
#include <thread>

long x;
long scratch[64];
static invisible_barrier order;

__attribute__((noinline)) void churn(int i) {
  scratch[i & 63] += i;
}

__attribute__((noinline)) void first_write() {
  x = 1; // PREV
}

__attribute__((noinline)) void thread_a() {
  first_write();
  for (int i = 0; i < 4000000; i++)
    churn(i);
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void thread_b() {
  invisible_barrier_wait(&order);
  x = 2; // CUR
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(thread_a), b(thread_b);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 thread_b(){{.*}}old_history_race.cpp:31:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 first_write(){{.*}}old_history_race.cpp:19:
// CHECK-NEXT: #1 thread_a(){{.*}}old_history_race.cpp:
// CHECK: Location is global 'x' of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}old_history_race.cpp:31:{{[0-9]+}} in thread_b()
