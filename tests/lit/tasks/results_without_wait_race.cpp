// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Sleep used instead of a join: main reads a task's result when it "must be
// done by now", with nothing ordering the task's write before the read.
// (The invisible barrier plays the sleep, deterministically.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int result;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    result = 42;  // PREV
    invisible_barrier_wait(&order);
    wg.done();
  });
  invisible_barrier_wait(&order);
  std::printf("result %d\n", result);  // CUR
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}results_without_wait_race.cpp:25
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}results_without_wait_race.cpp:20
// CHECK: SUMMARY: vigil: data race {{.*}}results_without_wait_race.cpp:25
