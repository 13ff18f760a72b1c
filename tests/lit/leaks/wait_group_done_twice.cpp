// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: misuse
// A negative WaitGroup counter (Go's "sync: negative WaitGroup counter"
// panic): a worker calls done() on its error path and again at its end. The
// report shows the extra done() and where the counter reached zero. (main
// waits only after the results, so no waiter races the extra done.)
#include <vigil/vigil.h>
#include <cstdio>

vigil::wait_group wg;
vigil::chan<int> results = vigil::make_chan<int>(3);

void work(int item) {
  if (item == 2) wg.done();  // reports the failure early...
  wg.done();                 // ...and finishes as usual
  results.send(item);
}

int main() {
  for (int i = 0; i < 3; i++) {
    wg.add(1);
    vigil::go(work, i);
  }
  for (int i = 0; i < 3; i++) results.recv();
  wg.wait();
  std::printf("not reached\n");
}

// CHECK-NOT:  not reached
// CHECK:      WARNING: vigil: negative WaitGroup counter
// CHECK-NEXT:   In task {{[0-9]+}}:
// CHECK-NEXT:     #0 work(int) {{.*}}wait_group_done_twice.cpp:15:
// CHECK:        The counter last came down to zero at:
// CHECK-NEXT:     #0 work(int) {{.*}}wait_group_done_twice.cpp:{{14|15}}:
// CHECK:      SUMMARY: vigil: negative WaitGroup counter {{.*}}wait_group_done_twice.cpp:15:
// CHECK-NOT:  WARNING: vigil
