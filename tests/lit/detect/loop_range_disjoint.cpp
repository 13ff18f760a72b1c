// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Two threads fill the two halves of one array in loops, each checked as one
// range before its loop. The halves meet inside an 8-byte word (the split is
// at an odd index): the range checks keep byte precision, so the threads'
// ranges do not race.
#include <cstdio>
#include <thread>

constexpr int kN = 1001;
int table[kN];

__attribute__((noinline)) void fill(int *a, int lo, int hi, int v) {
  for (int i = lo; i < hi; i++)
    a[i] = v + i;
}

__attribute__((noinline)) long sum(const int *a, int lo, int hi) {
  long s = 0;
  for (int i = lo; i < hi; i++)
    s += a[i];
  return s;
}

int main() {
  constexpr int kSplit = 501;
  long s1 = 0, s2 = 0;
  std::thread a([&] { fill(table, 0, kSplit, 0); s1 = sum(table, 0, kSplit); });
  std::thread b([&] { fill(table, kSplit, kN, 0); s2 = sum(table, kSplit, kN); });
  a.join();
  b.join();
  std::printf("sums %ld %ld\n", s1, s2);
}

// CHECK-NOT: WARNING: vigil
// CHECK: sums 125250 375250
// CHECK-NOT: WARNING: vigil
