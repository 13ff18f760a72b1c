// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// TSAN: n/a (vigil's own annotation header)
// vigil_annotate_happens_before / vigil_annotate_happens_after from
// <vigil/annotations.h> describe a hand-off the detector cannot see (here: the
// invisible barrier, which stands for any custom synchronization).
#include "vigil_test.h"
#include <thread>
#include <vigil/annotations.h>

int data[4];
int channel; // the address that names the hand-off
static invisible_barrier handoff;

int main() {
  invisible_barrier_init(&handoff, 2);
  std::thread producer([] {
    for (int i = 0; i < 4; i++)
      data[i] = i + 1;
    vigil_annotate_happens_before(&channel);
    invisible_barrier_wait(&handoff);
  });
  std::thread consumer([] {
    invisible_barrier_wait(&handoff);
    vigil_annotate_happens_after(&channel);
    int sum = 0;
    for (int i = 0; i < 4; i++)
      sum += data[i];
    if (sum != 10)
      __builtin_trap();
    data[0] = 0;
  });
  producer.join();
  consumer.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
