// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Code annotated for ThreadSanitizer works unchanged: the dynamic-annotation
// entry points AnnotateHappensBefore / AnnotateHappensAfter (declared here the
// way annotated code declares them) order the hand-off through the invisible
// barrier, which stands for any custom synchronization.
#include "vigil_test.h"
#include <thread>

extern "C" void AnnotateHappensBefore(const char *file, int line, const volatile void *addr);
extern "C" void AnnotateHappensAfter(const char *file, int line, const volatile void *addr);

int data[4];
int channel;
static invisible_barrier handoff;

int main() {
  invisible_barrier_init(&handoff, 2);
  std::thread producer([] {
    for (int i = 0; i < 4; i++)
      data[i] = i + 1;
    AnnotateHappensBefore(__FILE__, __LINE__, &channel);
    invisible_barrier_wait(&handoff);
  });
  std::thread consumer([] {
    invisible_barrier_wait(&handoff);
    AnnotateHappensAfter(__FILE__, __LINE__, &channel);
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
