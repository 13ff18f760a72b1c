// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A global counter that every thread updates under one std::mutex.
#include "vigil_test.h"
#include <mutex>
#include <thread>
#include <vector>

int counter;
std::mutex mu;

void bump() {
  for (int i = 0; i < 1000; i++) {
    std::lock_guard<std::mutex> lock(mu);
    counter++;
  }
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; i++)
    threads.emplace_back(bump);
  for (auto &t : threads)
    t.join();
  if (counter != 4000)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
