// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A loop over an array is checked once, before the loop, as one range (the
// pass's loop coalescing); a race is still reported for the element that
// races, with its own address and size, at the loop's source line.
#include "vigil_test.h"
#include <cstdio>
#include <thread>

constexpr int kN = 1000;
int table[kN];
static invisible_barrier order;

__attribute__((noinline)) void writer() {
  table[37] = 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) long summer(const int *a, int n) {
  invisible_barrier_wait(&order);
  long s = 0;
  // Scalar, so that the report is the same with --vigil-no-elim (one check
  // per element) as with the loop's range check.
#pragma clang loop vectorize(disable) interleave(disable)
  for (int i = 0; i < n; i++)
    s += a[i]; // CUR
  return s;
}

int main() {
  invisible_barrier_init(&order, 2);
  std::fprintf(stderr, "element at %p\n", static_cast<void *>(&table[37]));
  long s = 0;
  std::thread a(writer), b([&] { s = summer(table, kN); });
  a.join();
  b.join();
  std::printf("sum %ld\n", s);
}

// CHECK: element at [[ADDR:0x[0-9a-f]+]]
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at [[ADDR]] by thread T{{[0-9]+}}:
// CHECK: #0 summer(int const*, int){{.*}}loop_range_element_race.cpp:26:
// CHECK: Previous write of size 4 at [[ADDR]] by thread T{{[0-9]+}}:
// CHECK: #0 writer(){{.*}}loop_range_element_race.cpp:15:
// CHECK: Location is global 'table' of size 4000 at
// CHECK: SUMMARY: vigil: data race {{.*}}loop_range_element_race.cpp:26:{{[0-9]+}} in summer(int const*, int)
// CHECK: sum 1
