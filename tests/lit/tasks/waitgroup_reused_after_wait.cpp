// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Go's WaitGroup rule done right: a WaitGroup is reused for a second round;
// the add that raises its counter from zero again comes after the first
// wait returned, so it is ordered before the second wait. Three rounds, four
// tasks each, every one writing its own slot.
#include <vigil/vigil.h>

#include <cstdio>

int slots[4];

int main() {
  vigil::wait_group wg;
  int total = 0;
  for (int round = 0; round < 3; round++) {
    wg.add(4);  // from zero, after the previous wait returned
    for (int i = 0; i < 4; i++)
      vigil::go([&wg, i, round] {
        slots[i] = round * 10 + i;
        wg.done();
      });
    wg.wait();
    for (int v : slots) total += v;
  }
  std::printf("DONE total=%d\n", total);
}
// CHECK-NOT: WARNING: vigil
// CHECK: DONE total=138
