// RUN: %vigil_cxx -O1 -std=c++20 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::atomic<int>::wait / notify_one / notify_all and std::atomic_flag::wait:
// the releasing store is ordered before the wait that observes it.
#include "vigil_test.h"
#include <atomic>
#include <thread>

std::atomic<int> state{0};
std::atomic_flag flag;
int message[4];

int main() {
  std::thread a([] {
    state.wait(0, std::memory_order_acquire);
    message[1] = message[0] + 1;
    state.store(2, std::memory_order_release);
    state.notify_all();
  });
  std::thread b([] {
    flag.wait(false, std::memory_order_acquire);
    message[3] = message[2] + 1;
  });
  message[0] = 10;
  message[2] = 20;
  state.store(1, std::memory_order_release);
  state.notify_one();
  flag.test_and_set(std::memory_order_release);
  flag.notify_one();
  int s;
  while ((s = state.load(std::memory_order_acquire)) != 2)
    state.wait(s, std::memory_order_acquire);
  if (message[1] != 11)
    return 1;
  a.join();
  b.join();
  if (message[3] != 21)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
