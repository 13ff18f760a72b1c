// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Synchronization is keyed by the bytes an atomic covers, not its exact
// address: an 8-byte acquire load acquires a release made on its upper
// 4-byte half, and a 4-byte acquire load of a half acquires an 8-byte
// release store that covers it.
#include "vigil_test.h"
#include <cstdint>
#include <thread>

alignas(8) uint64_t word;  // accessed as a whole and as two halves
int data1, data2;

uint32_t *half(int i) { return reinterpret_cast<uint32_t *>(&word) + i; }

int main() {
  std::thread producer([] {
    data1 = 1;
    __atomic_store_n(half(1), 1u, __ATOMIC_RELEASE);  // upper half
  });
  while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) == 0) {}
  data1++;
  producer.join();

  __atomic_store_n(&word, uint64_t{0}, __ATOMIC_RELAXED);
  std::thread consumer([] {
    while (__atomic_load_n(half(0), __ATOMIC_ACQUIRE) == 0) {}
    data2++;
  });
  data2 = 1;
  __atomic_store_n(&word, uint64_t{7}, __ATOMIC_RELEASE);  // covers both halves
  consumer.join();
  if (data1 != 2 || data2 != 2) return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
