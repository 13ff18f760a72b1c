// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Release sequence: thread A writes data and does a release store; thread B
// then does a *relaxed* fetch_add on the same atomic. The RMW continues A's
// release sequence, so thread C's acquire load that reads B's value still
// synchronizes with A: C's read of the data is ordered after A's write.
#include "vigil_test.h"
#include <atomic>
#include <thread>

int data;
std::atomic<int> seq{0};

int main() {
  std::thread a([] {
    data = 100;
    seq.store(1, std::memory_order_release);
  });
  std::thread b([] {
    int expected = 1;
    // relaxed RMWs only: they carry no release of their own
    while (!seq.compare_exchange_weak(expected, 2, std::memory_order_relaxed))
      expected = 1;
    seq.fetch_add(1, std::memory_order_relaxed); // 3
  });
  std::thread c([] {
    while (seq.load(std::memory_order_acquire) != 3) {
    }
    if (data != 100)
      __builtin_trap();
  });
  a.join();
  b.join();
  c.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
