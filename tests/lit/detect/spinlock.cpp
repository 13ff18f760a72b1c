// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Hand-written locks on atomics: a test-and-test-and-set spinlock with
// compare_exchange (acquire) and a release store, and an std::atomic_flag lock.
#include "vigil_test.h"
#include <atomic>
#include <thread>
#include <vector>

struct spinlock {
  std::atomic<int> state{0};
  void lock() {
    for (;;) {
      int expected = 0;
      if (state.compare_exchange_weak(expected, 1, std::memory_order_acquire, std::memory_order_relaxed))
        return;
      while (state.load(std::memory_order_relaxed) != 0) {
      }
    }
  }
  void unlock() { state.store(0, std::memory_order_release); }
};

spinlock sl;
std::atomic_flag af = ATOMIC_FLAG_INIT;
long a_count, b_count;

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; t++)
    threads.emplace_back([] {
      for (int i = 0; i < 500; i++) {
        sl.lock();
        a_count++;
        sl.unlock();
        while (af.test_and_set(std::memory_order_acquire)) {
        }
        b_count += 2;
        af.clear(std::memory_order_release);
      }
    });
  for (auto &t : threads)
    t.join();
  if (a_count != 1500 || b_count != 3000)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
