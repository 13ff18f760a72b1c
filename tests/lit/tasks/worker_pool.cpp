// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of worker_pool_shared_counter_race.cpp done right: each worker
// counts in its own slot; a closer task waits for the workers (done → wait)
// and closes the results (close → the end of main's range loop), so main
// reads the slots after the loop.
#include <vigil/vigil.h>

#include <cstdio>

int main() {
  auto jobs = vigil::make_chan<int>(16);
  auto results = vigil::make_chan<int>(16);
  long processed[3] = {0, 0, 0};
  vigil::wait_group wg;
  for (int w = 0; w < 3; w++) {
    wg.add(1);
    vigil::go([&, w] {
      for (int j : jobs) {
        results.send(j * 2);
        processed[w]++;
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
  std::printf("sum %ld processed %ld\n", sum, processed[0] + processed[1] + processed[2]);
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 870 processed 30
