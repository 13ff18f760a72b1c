// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of task_group_results.cpp reading a result before wait(): a
// task's return happens before wait() returns, not before main's earlier
// read. (The invisible barrier only fixes the order in time: the task writes,
// then main reads.)
#include <vigil/vigil.h>

#include <cstdio>
#include <system_error>

#include "vigil_test.h"

static invisible_barrier order;
int result;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::task_group g;
  g.go([]() -> std::error_code {
    result = 42;  // PREV
    invisible_barrier_wait(&order);
    return {};
  });
  invisible_barrier_wait(&order);
  std::printf("result %d\n", result);  // CUR
  g.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}task_group_read_before_wait_race.cpp:26
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}task_group_read_before_wait_race.cpp:21
// The task's creation site is the task_group::go call in main.
// CHECK: Task {{[0-9]+}} ({{running|finished}}) created by main thread at:
// CHECK-NEXT: #0 main {{.*}}task_group_read_before_wait_race.cpp:20
// CHECK: SUMMARY: vigil: data race {{.*}}task_group_read_before_wait_race.cpp:26
