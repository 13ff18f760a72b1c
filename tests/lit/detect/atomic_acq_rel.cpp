// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A token passed around a ring of threads with acq_rel read-modify-writes:
// each fetch_add both acquires the previous holder's writes and releases the
// current holder's.
#include "vigil_test.h"
#include <atomic>
#include <thread>
#include <vector>

constexpr int kThreads = 4;
constexpr int kRounds = 50;
std::atomic<int> turn{0};
long baton[8];

int main() {
  std::vector<std::thread> threads;
  for (int id = 0; id < kThreads; id++)
    threads.emplace_back([id] {
      for (int r = 0; r < kRounds; r++) {
        int mine = r * kThreads + id;
        while (turn.load(std::memory_order_relaxed) != mine) {
        }
        // acq_rel RMW: acquires the previous holder's writes and releases ours.
        if (turn.fetch_add(0, std::memory_order_acq_rel) != mine)
          __builtin_trap();
        baton[mine % 8] += baton[(mine + 7) % 8] + 1;
        turn.fetch_add(1, std::memory_order_acq_rel);
      }
    });
  for (auto &t : threads)
    t.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
