// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// send_to_self done right: a buffered channel holds the value until the
// same task receives it.
#include <vigil/vigil.h>
#include <cstdio>

vigil::chan<int> results = vigil::make_chan<int>(1);

void worker() {
  results.send(42);
  std::printf("got %d\n", *results.recv());
}

int main() {
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {
    worker();
    wg.done();
  });
  wg.wait();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: got 42
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
