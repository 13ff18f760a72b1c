// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of results_without_wait_race.cpp: every done() happens before the
// wait() it releases; each task writes its own element.
#include <vigil/vigil.h>

#include <cstdio>

int results[16];

int main() {
  vigil::wait_group wg;
  for (int i = 0; i < 16; i++) {
    wg.add(1);
    vigil::go([&wg, i] {
      results[i] = i * i;
      wg.done();
    });
  }
  wg.wait();
  int sum = 0;
  for (int r : results) sum += r;
  std::printf("sum %d\n", sum);
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 1240
