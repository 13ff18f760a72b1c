// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::unordered_map with inserts (and rehashes) and lookups under a mutex.
#include "vigil_test.h"
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

std::unordered_map<int, int> cache;
std::mutex mu;

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; t++)
    threads.emplace_back([t] {
      for (int i = 0; i < 500; i++) {
        std::lock_guard<std::mutex> lock(mu);
        cache[t * 500 + i] = i;
        auto it = cache.find(i);
        if (it != cache.end())
          it->second++;
      }
    });
  for (auto &t : threads)
    t.join();
  if (cache.size() != 1500)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
