// RUN: %vigil_cxx -O0 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A std::vector grown by several threads under a mutex (reallocations
// included), then read after join.
#include "vigil_test.h"
#include <mutex>
#include <thread>
#include <vector>

std::vector<int> items;
std::mutex mu;

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++)
    threads.emplace_back([t] {
      for (int i = 0; i < 200; i++) {
        std::lock_guard<std::mutex> lock(mu);
        items.push_back(t * 1000 + i);
        if (items.size() % 50 == 0)
          items.shrink_to_fit();
      }
    });
  for (auto &t : threads)
    t.join();
  long sum = 0;
  for (int v : items)
    sum += v;
  if (items.size() != 800 || sum != 4 * 19900 + 200 * 6000)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
