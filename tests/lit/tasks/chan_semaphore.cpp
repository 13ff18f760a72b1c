// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A buffered channel of capacity 1 used as a lock: the k-th receive happens
// before the (k+1)-th send completes, so each holder's increment happens
// before the next holder's.
#include <vigil/vigil.h>

#include <cstdio>

int counter;

int main() {
  auto sem = vigil::make_chan<int>(1);
  vigil::wait_group wg;
  for (int i = 0; i < 20; i++) {
    wg.add(1);
    vigil::go([&] {
      sem.send(0);  // acquire
      counter++;
      sem.recv();   // release
      wg.done();
    });
  }
  wg.wait();
  std::printf("counter %d\n", counter);
}
// CHECK-NOT: WARNING: vigil
// CHECK: counter 20
