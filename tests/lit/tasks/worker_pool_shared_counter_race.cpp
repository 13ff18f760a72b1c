// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A worker pool done right (jobs in, results out, closed channels end the
// loops) except for a statistics counter every worker adds its count to,
// without a lock, when it finishes. Every worker does so whatever the
// schedule (one worker may drain all the jobs: the others add zero), and
// nothing orders one worker's end before another's.
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
      long mine = 0;
      for (int j : jobs) {
        results.send(j * 2);
        mine++;
      }
// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 8 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}worker_pool_shared_counter_race.cpp:[[@LINE+2]]
// CHECK: Previous {{read|write}} of size 8 at {{.*}} by task {{[0-9]+}}:
      processed += mine;
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
// CHECK: SUMMARY: vigil: data race {{.*}}worker_pool_shared_counter_race.cpp:30
