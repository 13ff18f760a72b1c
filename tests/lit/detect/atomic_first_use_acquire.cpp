// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Acquiring RMWs on atomics whose first release happens while the acquirer is
// already spinning: a fresh flag per round, so every round races the
// release store's creation of the flag's sync object with the acquirer's
// lookup. An exchange, a compare_exchange and an atomic_flag test_and_set with
// acquire order, and a relaxed RMW followed by an acquire fence, each take
// the clock of the release store whose value they read (a spin lock's first
// lock after its first unlock: CI saw false races here).
#include "vigil_test.h"
#include <atomic>
#include <thread>

constexpr int kRounds = 5000;
long data[4][kRounds];
std::atomic<int> xchg_flag[kRounds], cas_flag[kRounds], fence_flag[kRounds];
std::atomic_flag tas_flag[kRounds];

int main() {
  for (auto &f : tas_flag) f.test_and_set(std::memory_order_relaxed);
  std::thread consumer([] {
    for (int i = 0; i < kRounds; i++) {
      while (xchg_flag[i].exchange(0, std::memory_order_acquire) == 0) {}
      data[0][i]++;
      int expected = 1;
      while (!cas_flag[i].compare_exchange_weak(expected, 2, std::memory_order_acquire, std::memory_order_relaxed))
        expected = 1;
      data[1][i]++;
      while (tas_flag[i].test_and_set(std::memory_order_acquire)) {}
      data[2][i]++;
      while (fence_flag[i].fetch_add(0, std::memory_order_relaxed) == 0) {}
      std::atomic_thread_fence(std::memory_order_acquire);
      data[3][i]++;
    }
  });
  for (int i = 0; i < kRounds; i++) {
    data[0][i] = 1;
    xchg_flag[i].store(1, std::memory_order_release);
    data[1][i] = 1;
    cas_flag[i].store(1, std::memory_order_release);
    data[2][i] = 1;
    tas_flag[i].clear(std::memory_order_release);
    data[3][i] = 1;
    fence_flag[i].store(1, std::memory_order_release);
  }
  consumer.join();
  for (auto &row : data)
    for (long v : row)
      if (v != 2) return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
