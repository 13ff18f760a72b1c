// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// memcpy is a range access: copying into a buffer races with another
// thread's read of one element inside the copied range.
#include "vigil_test.h"
#include <cstring>
#include <thread>

char source[256];
char frame[256];
size_t copy_len = 256; // not a constant: memcpy stays a call

__attribute__((noinline)) void refresh() {
  std::memcpy(frame, source, copy_len); // PREV
}

__attribute__((noinline)) void sample() {
  char c = frame[100]; // CUR
  asm volatile("" : : "r"(c));
}

static invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a([] {
    refresh();
    invisible_barrier_wait(&order);
  });
  std::thread b([] {
    invisible_barrier_wait(&order);
    sample();
  });
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 1 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 sample(){{.*}}memcpy_race.cpp:18:
// CHECK: Previous write of size {{[0-9]+}} at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} refresh(){{.*}}memcpy_race.cpp:14:
// CHECK: Location is global 'frame' of size 256 at
// CHECK: SUMMARY: vigil: data race {{.*}}memcpy_race.cpp:18:{{[0-9]+}} in sample()
