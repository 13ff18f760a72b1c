// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// An off-by-one split of an array between two threads: both touch element 8.
#include "vigil_test.h"
#include <thread>

int table[16];
static invisible_barrier order;

__attribute__((noinline)) void fill(int begin, int end) {
  for (int i = begin; i <= end; i++) // bug: should be i < end
    table[i] = i; // ACCESS
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread low([] {
    fill(0, 8); // PREV
    invisible_barrier_wait(&order);
  });
  std::thread high([] {
    invisible_barrier_wait(&order);
    fill(8, 15); // CUR
  });
  low.join();
  high.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 fill(int, int){{.*}}array_element_race.cpp:12:
// CHECK-NEXT: #1 {{.*}}array_element_race.cpp:23:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 fill(int, int){{.*}}array_element_race.cpp:12:
// CHECK-NEXT: #1 {{.*}}array_element_race.cpp:18:
// CHECK: Location is global 'table' of size 64 at
// CHECK: SUMMARY: vigil: data race {{.*}}array_element_race.cpp:12:{{[0-9]+}} in fill(int, int)
