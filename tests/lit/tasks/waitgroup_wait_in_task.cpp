// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// wait() need not be main's: a collector task waits for the workers, sums the
// slots they wrote (every done() happens before the wait() it releases) and
// hands the sum to main over a channel.
#include <vigil/vigil.h>

#include <cstdio>

int slots[8];

int main() {
  vigil::wait_group wg;
  auto total = vigil::make_chan<int>();
  for (int i = 0; i < 8; i++) {
    wg.add(1);
    vigil::go([&wg, i] {
      slots[i] = i + 1;
      wg.done();
    });
  }
  vigil::go([&wg, total] {
    wg.wait();
    int sum = 0;
    for (int s : slots) sum += s;
    total.send(sum);
  });
  std::printf("total %d\n", *total.recv());
}
// CHECK-NOT: WARNING: vigil
// CHECK: total 36
