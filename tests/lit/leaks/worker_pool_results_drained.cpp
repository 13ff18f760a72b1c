// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// worker_pool_results_undrained done right: a closer task closes results
// once the workers are done and main drains it.
#include <vigil/vigil.h>
#include <cstdio>

int main() {
  auto jobs = vigil::make_chan<int>(16);
  auto results = vigil::make_chan<int>();
  vigil::wait_group workers;
  workers.add(4);
  for (int w = 0; w < 4; w++)
    vigil::go([jobs, results, &workers] {
      for (int j : jobs) results.send(j * 2);
      workers.done();
    });
  vigil::go([results, &workers] {
    workers.wait();
    results.close();
  });
  for (int j = 0; j < 8; j++) jobs.send(j);
  jobs.close();
  int sum = 0;
  for (int r : results) sum += r;
  std::printf("sum %d\n", sum);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: sum 56
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
