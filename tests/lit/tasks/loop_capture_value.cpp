// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of loop_capture_race.cpp: i is captured by value (copied by go()
// before the task starts).
#include <vigil/vigil.h>

#include <cstdio>

int sum;

int main() {
  vigil::wait_group wg;
  vigil::mutex mu;
  for (int i = 0; i < 20; i++) {
    wg.add(1);
    vigil::go([&, i] {
      mu.lock();
      sum += i;
      mu.unlock();
      wg.done();
    });
  }
  wg.wait();
  std::printf("sum %d\n", sum);
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 190
