// RUN: %vigil_cxx -O0 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Escaped locals used by a helper thread and read back after join; later
// frames reuse the same stack addresses.
#include "vigil_test.h"
#include <thread>

__attribute__((noinline)) int round_trip(int seed) {
  int local[8];
  for (int i = 0; i < 8; i++)
    local[i] = seed + i;
  std::thread t([&local] {
    for (int i = 0; i < 8; i++)
      local[i] *= 2;
  });
  t.join();
  int sum = 0;
  for (int i = 0; i < 8; i++)
    sum += local[i];
  return sum;
}

int main() {
  int total = 0;
  for (int r = 0; r < 20; r++)
    total += round_trip(r);
  if (total != 2 * (20 * 28 + 8 * 190))
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
