// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// wait_before_drain done right: a closer task waits for the workers and
// closes the channel; main drains it meanwhile.
#include <vigil/vigil.h>
#include <cstdio>

int main() {
  auto results = vigil::make_chan<int>();
  vigil::wait_group wg;
  for (int i = 0; i < 3; i++) {
    wg.add(1);
    vigil::go([&wg, results, i] {
      results.send(i * i);
      wg.done();
    });
  }
  vigil::go([&wg, results] {
    wg.wait();
    results.close();
  });
  int sum = 0;
  for (int v : results) sum += v;
  std::printf("sum %d\n", sum);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: sum 5
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
