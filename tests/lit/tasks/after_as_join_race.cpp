// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A timer is no join: main waits on after() for a worker that "must be done
// by now"; the firing happens before main's receive, but nothing orders the
// worker's write before it. (The invisible barrier only fixes the order in
// time: the worker writes, then main reads.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int result;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {
    result = 42;  // PREV
    invisible_barrier_wait(&order);
    wg.done();
  });
  vigil::after(std::chrono::milliseconds(20)).recv();
  invisible_barrier_wait(&order);
  std::printf("result %d\n", result);  // CUR
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}after_as_join_race.cpp:28
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}after_as_join_race.cpp:22
// CHECK: SUMMARY: vigil: data race {{.*}}after_as_join_race.cpp:28
