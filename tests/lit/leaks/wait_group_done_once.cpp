// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// wait_group_done_twice done right: the error path reports through the
// results and the worker calls done() exactly once.
#include <vigil/vigil.h>
#include <cstdio>

vigil::wait_group wg;
vigil::chan<int> results = vigil::make_chan<int>(3);

void work(int item) {
  wg.done();
  results.send(item == 2 ? -1 : item);
}

int main() {
  for (int i = 0; i < 3; i++) {
    wg.add(1);
    vigil::go(work, i);
  }
  int failed = 0;
  for (int i = 0; i < 3; i++) failed += *results.recv() < 0;
  wg.wait();
  std::printf("failed %d\n", failed);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: failed 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
