// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A task started with plain go() next to a task_group: wait() returns after
// the group's tasks, not after a task the group never saw. (The invisible
// barrier only fixes the order in time: the stray task writes, then main
// waits for the group and reads.)
#include <vigil/vigil.h>

#include <cstdio>
#include <system_error>

#include "vigil_test.h"

static invisible_barrier order;
int from_group, from_stray;

int main() {
  invisible_barrier_init(&order, 2);
  vigil::task_group g;
  g.go([]() -> std::error_code {
    from_group = 1;
    return {};
  });
  vigil::go([] {
    from_stray = 2;  // PREV
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  g.wait();
  std::printf("group %d\n", from_group);
  std::printf("stray %d\n", from_stray);  // CUR
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}task_group_outside_task_race.cpp:31
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}task_group_outside_task_race.cpp:25
// CHECK: SUMMARY: vigil: data race {{.*}}task_group_outside_task_race.cpp:31
