// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A worker pool done right (jobs in, results out, closed channels end the
// loops) except for a statistics counter every worker bumps without a lock.
#include <vigil/vigil.h>

#include <cstdio>

long processed;

int main() {
  auto jobs = vigil::make_chan<int>(16);
  auto results = vigil::make_chan<int>(16);
  vigil::wait_group wg;
  for (int w = 0; w < 3; w++) {
    wg.add(1);
    vigil::go([&] {
      for (int j : jobs) {
        results.send(j * 2);
// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 8 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}worker_pool_shared_counter_race.cpp:[[@LINE+2]]
// CHECK: Previous {{read|write}} of size 8 at {{.*}} by task {{[0-9]+}}:
        processed++;
      }
      wg.done();
    });
  }
  vigil::go([&] {
    wg.wait();
    results.close();
  });
  for (int i = 0; i < 30; i++) jobs.send(i);
  jobs.close();
  long sum = 0;
  for (int r : results) sum += r;
  std::printf("sum %ld\n", sum);
}
// CHECK: SUMMARY: vigil: data race {{.*}}worker_pool_shared_counter_race.cpp:24
