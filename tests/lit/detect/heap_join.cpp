// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Heap memory handed from thread to thread through create and join only.
#include "vigil_test.h"
#include <cstdlib>
#include <cstring>
#include <thread>

int main() {
  int *p = static_cast<int *>(std::malloc(64 * sizeof(int)));
  std::memset(p, 0, 64 * sizeof(int));
  std::thread a([p] {
    for (int i = 0; i < 64; i++)
      p[i] += i;
  });
  a.join();
  std::thread b([p] {
    for (int i = 0; i < 64; i++)
      p[i] *= 2;
  });
  b.join();
  int sum = 0;
  for (int i = 0; i < 64; i++)
    sum += p[i];
  std::free(p);
  // The block is freed and reused by another thread: no stale shadow.
  std::thread c([] {
    int *q = static_cast<int *>(std::malloc(64 * sizeof(int)));
    q[0] = 1;
    std::free(q);
  });
  c.join();
  if (sum != 2 * 2016)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
