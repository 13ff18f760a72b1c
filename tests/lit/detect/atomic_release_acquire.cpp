// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O0 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Message passing with a release store and an acquire load, on 1-, 2-, 4- and
// 8-byte atomics and on an atomic pointer; also release/acquire exchange and
// compare_exchange.
#include "vigil_test.h"
#include <atomic>
#include <cstdint>
#include <thread>

int data[6];
std::atomic<uint8_t> f8{0};
std::atomic<uint16_t> f16{0};
std::atomic<uint32_t> f32{0};
std::atomic<uint64_t> f64{0};
std::atomic<int *> fptr{nullptr};
std::atomic<int> fcas{0};

int main() {
  std::thread consumer([] {
    while (f8.load(std::memory_order_acquire) == 0) {}
    data[0]++;
    while (f16.load(std::memory_order_acquire) == 0) {}
    data[1]++;
    while (f32.load(std::memory_order_acquire) == 0) {}
    data[2]++;
    while (f64.load(std::memory_order_acquire) == 0) {}
    data[3]++;
    int *p;
    while (!(p = fptr.load(std::memory_order_acquire))) {}
    (*p)++;
    int expected = 1;
    while (!fcas.compare_exchange_weak(expected, 2, std::memory_order_acquire, std::memory_order_relaxed))
      expected = 1;
    data[5]++;
  });
  data[0] = 1;
  f8.store(1, std::memory_order_release);
  data[1] = 1;
  f16.exchange(1, std::memory_order_release);
  data[2] = 1;
  f32.store(1, std::memory_order_release);
  data[3] = 1;
  f64.fetch_add(1, std::memory_order_release);
  data[4] = 1;
  fptr.store(&data[4], std::memory_order_release);
  data[5] = 1;
  int expected = 0;
  fcas.compare_exchange_strong(expected, 1, std::memory_order_release, std::memory_order_relaxed);
  consumer.join();
  for (int v : data)
    if (v != 2)
      return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
