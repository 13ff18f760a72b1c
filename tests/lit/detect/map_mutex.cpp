// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A std::map shared by writers (insert/erase) and readers (find), all under
// a std::mutex.
#include "vigil_test.h"
#include <map>
#include <mutex>
#include <thread>
#include <vector>

std::map<int, long> table;
std::mutex mu;

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++)
    threads.emplace_back([t] {
      for (int i = 0; i < 300; i++) {
        std::lock_guard<std::mutex> lock(mu);
        if (t % 2 == 0) {
          table[i % 50] += t;
          if (i % 7 == 0)
            table.erase((i + 25) % 50);
        } else {
          auto it = table.find(i % 50);
          if (it != table.end() && it->second < 0)
            return;
        }
      }
    });
  for (auto &t : threads)
    t.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
