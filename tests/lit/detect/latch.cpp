// RUN: %vigil_cxx -O1 -std=c++20 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::latch: every write before count_down is ordered before the return of
// wait / arrive_and_wait in any thread.
#include "vigil_test.h"
#include <latch>
#include <thread>
#include <vector>

constexpr int kWorkers = 4;
std::latch done(kWorkers);
std::latch start_line(kWorkers + 1);
int parts[kWorkers];
int go_value;

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < kWorkers; i++)
    threads.emplace_back([i] {
      start_line.arrive_and_wait();
      parts[i] = go_value + i;
      done.count_down();
    });
  go_value = 100;
  start_line.arrive_and_wait();
  done.wait();
  int sum = 0;
  for (int p : parts)
    sum += p;
  for (auto &t : threads)
    t.join();
  if (sum != 406)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
