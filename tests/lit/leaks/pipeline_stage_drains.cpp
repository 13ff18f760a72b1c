// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pipeline_stage_stops_reading done right: take forwards three values,
// closes its output, then drains its input so the upstream stage can finish.
#include <vigil/vigil.h>
#include <cstdio>

vigil::wait_group stages;

vigil::chan<int> gen(int n) {
  auto out = vigil::make_chan<int>();
  stages.add(1);
  vigil::go([out, n] {
    for (int i = 0; i < n; i++) out.send(i);
    out.close();
    stages.done();
  });
  return out;
}

vigil::chan<int> take(vigil::chan<int> in, int k) {
  auto out = vigil::make_chan<int>();
  stages.add(1);
  vigil::go([in, out, k] {
    for (int i = 0; i < k; i++) out.send(*in.recv());
    out.close();
    for (int rest : in) (void)rest;
    stages.done();
  });
  return out;
}

int main() {
  int sum = 0;
  for (int v : take(gen(10), 3)) sum += v;
  stages.wait();
  std::printf("sum %d\n", sum);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: sum 3
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
