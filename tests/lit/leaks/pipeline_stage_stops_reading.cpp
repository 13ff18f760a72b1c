// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A pipeline stage that stops reading (GoKer: communication deadlock in a
// pipeline): gen -> take(3) -> main. take forwards three values, closes its
// output and returns without draining its input; gen blocks on its fourth
// send.
#include <vigil/vigil.h>
#include <cstdio>

vigil::chan<int> gen(int n) {
  auto out = vigil::make_chan<int>();
  vigil::go([out, n] {
    for (int i = 0; i < n; i++) out.send(i);
    out.close();
  });
  return out;
}

vigil::chan<int> take(vigil::chan<int> in, int k) {
  auto out = vigil::make_chan<int>();
  vigil::go([in, out, k] {
    for (int i = 0; i < k; i++) out.send(*in.recv());
    out.close();  // in is abandoned
  });
  return out;
}

int main() {
  int sum = 0;
  for (int v : take(gen(10), 3)) sum += v;
  std::printf("sum %d\n", sum);
}

// CHECK:      sum 3
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}}):
// CHECK-NEXT:     #0 gen(int)::$_0::operator()() const {{.*}}pipeline_stage_stops_reading.cpp:13:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 gen(int) {{.*}}pipeline_stage_stops_reading.cpp:11:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 gen(int) {{.*}}pipeline_stage_stops_reading.cpp:12:
// CHECK-NOT:  WARNING: vigil
