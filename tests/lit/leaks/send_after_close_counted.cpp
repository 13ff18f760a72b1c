// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// send_after_close done right: every sender, the retry too, is counted in a
// wait_group, and results is closed only after all of them are done.
#include <vigil/vigil.h>
#include <cstdio>

vigil::chan<int> results = vigil::make_chan<int>(8);
vigil::wait_group senders;

int main() {
  senders.add(2);
  vigil::go([] {
    results.send(1);
    senders.done();
  });
  vigil::go([] {
    results.send(2);
    senders.done();
  });
  senders.wait();
  results.close();
  int sum = 0;
  for (int v : results) sum += v;
  std::printf("sum %d\n", sum);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: sum 3
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
