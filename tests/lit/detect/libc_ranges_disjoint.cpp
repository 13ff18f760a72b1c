// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// memset / memcpy / memmove / strcpy / strlen by several threads at once on
// disjoint, unaligned byte ranges of one buffer (range boundaries fall inside
// 8-byte words): byte-precise range checks find nothing.
#include "vigil_test.h"
#include <cstring>
#include <thread>

char buffer[4 * 13 + 8];
char text[4][16];
static invisible_barrier together;
volatile size_t len13 = 13;

int main() {
  for (int i = 0; i < 4; i++)
    std::strcpy(text[i], "hello, world");
  invisible_barrier_init(&together, 4);
  std::thread threads[4];
  for (int id = 0; id < 4; id++)
    threads[id] = std::thread([id] {
      invisible_barrier_wait(&together);
      for (int round = 0; round < 20; round++) {
        char *mine = buffer + 3 + id * 13; // 13 bytes per thread, unaligned
        std::memset(mine, 'a' + id, len13);
        std::memmove(mine + 1, mine, len13 - 1);
        std::memcpy(mine, text[id], len13 - 1);
        mine[len13 - 1] = 0;
        if (std::strlen(mine) != 12)
          __builtin_trap();
        std::strcpy(text[id], mine);
      }
    });
  for (auto &t : threads)
    t.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
