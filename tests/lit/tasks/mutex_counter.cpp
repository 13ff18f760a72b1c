// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_clean %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_clean %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// mutex::unlock happens before the next lock: a counter every task bumps
// under one vigil::mutex (by hand or through std::lock_guard), yielding
// while it holds it or not, on one worker or on eight.
#include <vigil/vigil.h>

#include <cstdio>
#include <mutex>

struct counter {
  vigil::mutex mu;
  long n = 0;  // guarded by mu
};

int main() {
  counter c;
  vigil::wait_group wg;
  for (int i = 0; i < 32; i++) {
    wg.add(1);
    vigil::go([&c, &wg, i] {
      for (int k = 0; k < 100; k++) {
        if (i % 2) {
          std::lock_guard lock(c.mu);
          c.n++;
          if (k % 25 == 0) vigil::yield();
        } else {
          c.mu.lock();
          c.n++;
          c.mu.unlock();
          if (k % 25 == 0) vigil::yield();
        }
      }
      wg.done();
    });
  }
  wg.wait();
  std::printf("n %ld\n", c.n);
}
// CHECK-NOT: WARNING: vigil
// CHECK: n 3200
