// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A worker pool whose results channel is never drained (GoKer:
// communication deadlock): main queues eight jobs for four workers but
// reads only the result it was looking for; every worker blocks on its
// unbuffered result send, with jobs still queued.
#include <vigil/vigil.h>
#include <cstdio>

int main() {
  auto jobs = vigil::make_chan<int>(16);
  auto results = vigil::make_chan<int>();
  for (int w = 0; w < 4; w++)
    vigil::go([jobs, results] {
      for (int j : jobs) results.send(j * 2);  // nobody reads the rest
    });
  for (int j = 0; j < 8; j++) jobs.send(j);
  jobs.close();
  std::printf("first result even: %d\n", *results.recv() % 2 == 0);
}

// CHECK:      first result even: 1
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   4 tasks are blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake them; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}} and 3 more like it):
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}worker_pool_results_undrained.cpp:15:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 main {{.*}}worker_pool_results_undrained.cpp:12:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}worker_pool_results_undrained.cpp:14:
// CHECK-NOT:  WARNING: vigil
