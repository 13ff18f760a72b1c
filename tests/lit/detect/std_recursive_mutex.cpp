// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::recursive_mutex and std::recursive_timed_mutex re-entered from nested
// calls, with try_lock on the already-owned mutex.
#include "vigil_test.h"
#include <chrono>
#include <mutex>
#include <thread>

std::recursive_mutex mu;
std::recursive_timed_mutex tmu;
int a_value, b_value;

__attribute__((noinline)) void add(int depth) {
  std::lock_guard<std::recursive_mutex> lock(mu);
  a_value++;
  if (depth > 0)
    add(depth - 1);
  if (!mu.try_lock()) // owner: always succeeds
    __builtin_trap();
  a_value++;
  mu.unlock();
}

__attribute__((noinline)) void add_timed(int depth) {
  while (!tmu.try_lock_for(std::chrono::milliseconds(1))) {
  }
  b_value++;
  if (depth > 0)
    add_timed(depth - 1);
  tmu.unlock();
}

int main() {
  std::thread t1([] { for (int i = 0; i < 100; i++) { add(2); add_timed(2); } });
  std::thread t2([] { for (int i = 0; i < 100; i++) { add(2); add_timed(2); } });
  t1.join();
  t2.join();
  if (a_value != 2 * 100 * 6 || b_value != 2 * 100 * 3)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
