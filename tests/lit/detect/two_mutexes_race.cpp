// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Both threads lock, but different mutexes: no order between the writes.
#include "vigil_test.h"
#include <mutex>
#include <thread>

std::mutex mu_a, mu_b;
long long total;
static invisible_barrier order;

__attribute__((noinline)) void via_a() {
  std::lock_guard<std::mutex> lock(mu_a);
  total += 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void via_b() {
  invisible_barrier_wait(&order);
  std::lock_guard<std::mutex> lock(mu_b);
  total += 2; // CUR
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(via_a), b(via_b);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 8 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 via_b(){{.*}}two_mutexes_race.cpp:21:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 via_a(){{.*}}two_mutexes_race.cpp:14:
// CHECK: Location is global 'total' of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}two_mutexes_race.cpp:21:{{[0-9]+}} in via_b()
