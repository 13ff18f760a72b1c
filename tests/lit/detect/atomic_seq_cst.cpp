// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Default (seq_cst) atomics give acquire/release: a Dekker-style mutual
// exclusion and plain message passing with std::atomic<bool> operators.
#include "vigil_test.h"
#include <atomic>
#include <thread>

std::atomic<bool> want[2];
std::atomic<int> victim{0};
long critical;
std::atomic<bool> published{false};
int message;

void peterson(int me) {
  int other = 1 - me;
  for (int i = 0; i < 1000; i++) {
    want[me] = true;
    victim = me;
    while (want[other] && victim == me) {
    }
    critical++;
    want[me] = false;
  }
}

int main() {
  std::thread a(peterson, 0), b(peterson, 1);
  a.join();
  b.join();
  std::thread reader([] {
    while (!published) {
    }
    message++;
  });
  message = 1;
  published = true;
  reader.join();
  if (critical != 2000 || message != 2)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
