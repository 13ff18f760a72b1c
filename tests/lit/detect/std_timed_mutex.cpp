// RUN: %vigil_cxx -O1 -std=c++20 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::timed_mutex: try_lock_for (libstdc++ 12 calls pthread_mutex_clocklock
// on CLOCK_MONOTONIC), try_lock_until on the system clock (timedlock) and
// try_lock, each success synchronizing with the previous unlock.
#include "vigil_test.h"
#include <chrono>
#include <mutex>
#include <thread>

std::timed_mutex mu;
int value;

int main() {
  using namespace std::chrono;
  std::thread a([] {
    for (int i = 0; i < 100; i++) {
      while (!mu.try_lock_for(milliseconds(1))) {
      }
      value++;
      mu.unlock();
    }
  });
  std::thread b([] {
    for (int i = 0; i < 100; i++) {
      while (!mu.try_lock_until(system_clock::now() + milliseconds(1))) {
      }
      value++;
      mu.unlock();
    }
  });
  std::thread c([] {
    for (int i = 0; i < 100; i++) {
      while (!mu.try_lock())
        std::this_thread::yield();
      value++;
      mu.unlock();
    }
  });
  a.join();
  b.join();
  c.join();
  if (value != 300)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
