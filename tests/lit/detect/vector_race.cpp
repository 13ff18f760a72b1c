// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// push_back on a std::vector while another thread reads its size: the
// vector's end pointer is written and read without synchronization.
#include "vigil_test.h"
#include <thread>
#include <vector>

std::vector<int> items;
static invisible_barrier order;

__attribute__((noinline)) void producer() {
  items.push_back(1); // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void consumer() {
  invisible_barrier_wait(&order);
  size_t n = items.size(); // CUR
  asm volatile("" : : "r"(n));
}

int main() {
  items.reserve(16);
  invisible_barrier_init(&order, 2);
  std::thread a(producer), b(consumer);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} consumer(){{.*}}vector_race.cpp:19:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} producer(){{.*}}vector_race.cpp:13:
// CHECK: Location is global 'items' of size 24 at
// CHECK: SUMMARY: vigil: data race {{.*(stl_vector.h:[0-9]+|vector_race.cpp:19):[0-9]+}} in
