// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O0 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Two bit-fields in one byte are one memory location in C++: updating them
// from two threads is a data race even though the bits are distinct.
#include "vigil_test.h"
#include <thread>

struct flags {
  unsigned ready : 4;
  unsigned error : 4;
};

flags f;
static invisible_barrier order;

__attribute__((noinline)) void set_ready() {
  f.ready = 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void set_error() {
  invisible_barrier_wait(&order);
  f.error = 3; // CUR
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(set_ready), b(set_error);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size {{[0-9]+}} at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 set_error(){{.*}}bitfield_race.cpp:24:
// CHECK: Previous {{read|write}} of size {{[0-9]+}} at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 set_ready(){{.*}}bitfield_race.cpp:18:
// CHECK: Location is global 'f' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}bitfield_race.cpp:24:{{[0-9]+}} in set_error()
