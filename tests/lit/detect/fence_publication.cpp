// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Fence-based publication: release fence + relaxed store on the writer side,
// relaxed load + acquire fence on the reader side (fence-fence
// synchronization, [atomics.fences]); also a release fence paired with an
// acquire load, and a release store paired with an acquire fence.
// ThreadSanitizer ignores fences and reports false races here.
#include "vigil_test.h"
#include <atomic>
#include <thread>

int data[3];
std::atomic<int> flag[3];

int main() {
  std::thread reader([] {
    while (flag[0].load(std::memory_order_relaxed) == 0) {
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    data[0]++;

    while (flag[1].load(std::memory_order_acquire) == 0) {
    }
    data[1]++;

    while (flag[2].load(std::memory_order_relaxed) == 0) {
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    data[2]++;
  });
  data[0] = 1;
  std::atomic_thread_fence(std::memory_order_release);
  flag[0].store(1, std::memory_order_relaxed);

  data[1] = 1;
  std::atomic_thread_fence(std::memory_order_release);
  flag[1].store(1, std::memory_order_relaxed);

  data[2] = 1;
  flag[2].store(1, std::memory_order_release);
  reader.join();
  if (data[0] != 2 || data[1] != 2 || data[2] != 2)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
