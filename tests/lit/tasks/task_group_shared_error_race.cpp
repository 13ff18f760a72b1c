// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// An errgroup done wrong: the tasks keep their failure in a shared variable
// instead of returning it. wait() orders each task before main, not the
// tasks with each other; a race when they run one after the other on one
// worker too.
#include <vigil/vigil.h>

#include <cstdio>
#include <system_error>

int failed_input = -1;

int main() {
  vigil::task_group g;
  for (int i = 0; i < 8; i++)
    g.go([i]() -> std::error_code {
      if (i % 2) failed_input = i;  // CUR, PREV (two tasks, one line)
      return {};
    });
  g.wait();
  std::printf("failed %d\n", failed_input >= 0);
}
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}task_group_shared_error_race.cpp:21
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}task_group_shared_error_race.cpp:21
// CHECK: SUMMARY: vigil: data race {{.*}}task_group_shared_error_race.cpp:21
