// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Batches of empty threads started and joined, again and again: the
// runtime's own work for each thread (stacks, TLS, its heap, its memset and
// memcpy) must never be checked as the program's, and glibc's reuse of
// stacks and TLS must not look like a race.
#include "vigil_test.h"
#include <thread>
#include <vector>

int main() {
  for (int batch = 0; batch < 60; batch++) {
    std::vector<std::thread> ts;
    for (int i = 0; i < 8; i++) ts.emplace_back([] {});
    for (auto &t : ts) t.join();
  }
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
