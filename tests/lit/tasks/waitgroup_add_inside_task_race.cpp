// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The WaitGroup add made inside the task: wait() may return before the add,
// and then nothing orders the task's result before main's read. (The
// invisible barriers only fix the order in time: wait returns at once, then
// the task adds, writes and finishes, then main reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int result;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::wait_group wg;
  vigil::go([&] {
    invisible_barrier_wait(&order);
    wg.add(1);
    result = 42;  // PREV
    wg.done();
    invisible_barrier_wait(&order);
  });
  wg.wait();
  invisible_barrier_wait(&order);
  invisible_barrier_wait(&order);
  std::printf("result %d\n", result);  // CUR
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}waitgroup_add_inside_task_race.cpp:29
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}waitgroup_add_inside_task_race.cpp:22
// CHECK: SUMMARY: vigil: data race {{.*}}waitgroup_add_inside_task_race.cpp:29
