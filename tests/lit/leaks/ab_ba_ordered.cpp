// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// ab_ba done right: both tasks take the mutexes in one order.
#include <vigil/vigil.h>
#include <cstdio>

vigil::mutex a, b;
int shared;

int main() {
  vigil::wait_group wg;
  wg.add(2);
  for (int i = 0; i < 2; i++)
    vigil::go([&wg] {
      a.lock();
      b.lock();
      shared++;
      b.unlock();
      a.unlock();
      wg.done();
    });
  wg.wait();
  std::printf("shared %d\n", shared);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: shared 2
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
