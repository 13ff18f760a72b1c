// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Fence-published hand-offs between spin loops that fence on every round
// (as a work-stealing thief does) and update their own state meanwhile: the
// accesses noted while a fence is unpublished (access.cpp, "Fence windows")
// must give no false race when the fence is published later, and the data
// handed over must stay ordered.
#include "vigil_test.h"
#include <atomic>
#include <thread>

constexpr int kSlots = 4, kItems = 20000;
long slots[kSlots];
std::atomic<long> produced{0}, consumed{0};

struct spinner {
  long rounds = 0, rng = 1;
  void spin() {
    rounds++;
    rng = rng * 6364136223846793005 + 1;
  }
};
spinner spinners[2];

int main() {
  std::thread consumer([] {
    spinner &me = spinners[1];
    long sum = 0;
    for (long i = 0; i < kItems; i++) {
      while (produced.load(std::memory_order_relaxed) <= i) {
        std::atomic_thread_fence(std::memory_order_seq_cst);
        me.spin();
      }
      std::atomic_thread_fence(std::memory_order_acquire);
      sum += slots[i % kSlots];
      slots[i % kSlots] = -1;
      std::atomic_thread_fence(std::memory_order_release);
      me.spin();
      consumed.store(i + 1, std::memory_order_relaxed);
    }
    if (sum != static_cast<long>(kItems) * (kItems - 1) / 2) __builtin_trap();
  });
  spinner &me = spinners[0];
  for (long i = 0; i < kItems; i++) {
    while (i - consumed.load(std::memory_order_relaxed) >= kSlots) {
      std::atomic_thread_fence(std::memory_order_seq_cst);
      me.spin();
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    slots[i % kSlots] = i;
    std::atomic_thread_fence(std::memory_order_release);
    me.spin();
    produced.store(i + 1, std::memory_order_relaxed);
  }
  consumer.join();
  // Everything both threads did is ordered before the join.
  if (spinners[0].rounds < kItems || spinners[1].rounds < kItems) return 1;
  for (long v : slots)
    if (v != -1) return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
