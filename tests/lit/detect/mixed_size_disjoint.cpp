// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Accesses of different sizes to disjoint bytes of one 8-byte word: a 4-byte
// write of bytes 0..3, a 2-byte write of bytes 4..5, 1-byte writes of bytes
// 6 and 7, all at the same time. None overlaps another.
#include "vigil_test.h"
#include <cstdint>
#include <thread>

union word {
  uint64_t whole;
  uint32_t half[2];
  uint16_t quarter[4];
  uint8_t byte[8];
};

word w;
static invisible_barrier together;

int main() {
  invisible_barrier_init(&together, 4);
  std::thread a([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) w.half[0] += 1; });
  std::thread b([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) w.quarter[2] += 1; });
  std::thread c([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) w.byte[6] += 1; });
  std::thread d([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) w.byte[7] += 1; });
  a.join();
  b.join();
  c.join();
  d.join();
  if (w.whole != 0x6464006400000064ull)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
