// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Threads write interleaved elements of char, short and int arrays: elements
// share words but not bytes. The loops may be vectorized; that must not
// turn disjoint element writes into reported overlaps.
#include "vigil_test.h"
#include <thread>
#include <vector>

constexpr int kThreads = 4;
constexpr int kLen = 64;
char bytes[kLen];
short halves[kLen];
int words[kLen];
static invisible_barrier together;

__attribute__((noinline)) void work(int id) {
  invisible_barrier_wait(&together);
  for (int round = 0; round < 50; round++)
    for (int i = id; i < kLen; i += kThreads) {
      bytes[i]++;
      halves[i] += 2;
      words[i] += 3;
    }
}

int main() {
  invisible_barrier_init(&together, kThreads);
  std::vector<std::thread> threads;
  for (int id = 0; id < kThreads; id++)
    threads.emplace_back(work, id);
  for (auto &t : threads)
    t.join();
  for (int i = 0; i < kLen; i++)
    if (bytes[i] != 50 || halves[i] != 100 || words[i] != 150)
      return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
