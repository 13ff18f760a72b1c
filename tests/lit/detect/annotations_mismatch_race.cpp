// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Annotations order only matching addresses: a release on one address and an
// acquire on another create no happens-before.
#include "vigil_test.h"
#include <thread>

extern "C" void AnnotateHappensBefore(const char *file, int line, const volatile void *addr);
extern "C" void AnnotateHappensAfter(const char *file, int line, const volatile void *addr);

int data;
int channel_a, channel_b;
static invisible_barrier handoff;

__attribute__((noinline)) void producer() {
  data = 1; // PREV
  AnnotateHappensBefore(__FILE__, __LINE__, &channel_a);
  invisible_barrier_wait(&handoff);
}

__attribute__((noinline)) void consumer() {
  invisible_barrier_wait(&handoff);
  AnnotateHappensAfter(__FILE__, __LINE__, &channel_b);
  int v = data; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&handoff, 2);
  std::thread a(producer), b(consumer);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 consumer(){{.*}}annotations_mismatch_race.cpp:24:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 producer(){{.*}}annotations_mismatch_race.cpp:16:
// CHECK: Location is global 'data' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}annotations_mismatch_race.cpp:24:{{[0-9]+}} in consumer()
