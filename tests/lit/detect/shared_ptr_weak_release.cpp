// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O0 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The last shared_ptr goes away after a weak_ptr was dropped in another
// thread. libstdc++ 12 checks "both counts are 1" with one 8-byte acquire
// load of the use and weak counts; the weak drop released on the 4-byte weak
// count. That load must acquire it, or the free of the control block would
// race with the other thread's decrement. The threads are ordered only by
// the counts: the hand-off below is relaxed (no happens-before).
#include "vigil_test.h"
#include <atomic>
#include <memory>
#include <thread>

std::atomic<int> dropped{0};

int main() {
  for (int round = 0; round < 50; round++) {
    auto sp = std::make_shared<long>(round);
    std::weak_ptr<long> wp = sp;
    std::thread t([w = std::move(wp)]() mutable {
      w.reset();
      dropped.store(1, std::memory_order_relaxed);
    });
    while (dropped.load(std::memory_order_relaxed) == 0) {}
    dropped.store(0, std::memory_order_relaxed);
    sp.reset();  // both counts are 1: one 8-byte acquire load, then delete
    t.join();
  }
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
