// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// range_never_closed done right: once the producers are done the channel is
// closed, and the collector's range loop ends.
#include <vigil/vigil.h>
#include <cstdio>

vigil::wait_group producers;
vigil::chan<int> totals = vigil::make_chan<int>(1);

int main() {
  auto values = vigil::make_chan<int>();
  for (int i = 1; i <= 3; i++) {
    producers.add(1);
    vigil::go([values, i] {
      values.send(i);
      producers.done();
    });
  }
  vigil::go([values] {
    int sum = 0;
    for (int v : values) sum += v;
    totals.send(sum);
  });
  producers.wait();
  values.close();
  std::printf("sum %d\n", *totals.recv());
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: sum 6
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
