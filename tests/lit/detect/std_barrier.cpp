// RUN: %vigil_cxx -O2 -std=c++20 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::barrier with a completion function: each phase's writes are ordered
// before the completion function and before every thread's next phase.
#include "vigil_test.h"
#include <barrier>
#include <thread>
#include <vector>

constexpr int kThreads = 3;
int slots[kThreads];
long totals;
int phases;

void on_completion() noexcept {
  for (int s : slots)
    totals += s;
  phases++;
}

std::barrier sync_point(kThreads, on_completion);

int main() {
  std::vector<std::thread> threads;
  for (int id = 0; id < kThreads; id++)
    threads.emplace_back([id] {
      for (int round = 0; round < 50; round++) {
        slots[id] = round + id + phases - round; // reads phases written by the completion
        sync_point.arrive_and_wait();
      }
    });
  for (auto &t : threads)
    t.join();
  if (phases != 50)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
