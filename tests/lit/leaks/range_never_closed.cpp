// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A collector ranges over a channel nobody closes (GoKer: communication
// deadlock, the range loop of a fan-in): after the last value,
// `for (int v : ch)` waits for more forever.
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
    for (int v : values) sum += v;  // values is never closed
    totals.send(sum);
  });
  producers.wait();
  std::printf("produced\n");
  // values.close() forgotten
}

// CHECK:      produced
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for good in chan receive (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// CHECK:        Blocked in chan receive (task {{[0-9]+}}):
// CHECK-NEXT:     #0 main::$_1::operator()() const {{.*}}range_never_closed.cpp:23:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 main {{.*}}range_never_closed.cpp:13:
// CHECK:        Task {{[0-9]+}} (blocked in chan receive, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}range_never_closed.cpp:21:
// CHECK-NOT:  WARNING: vigil
