// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: rm -rf %t.reports && env VIGIL_OPTIONS=report_dir=%t.reports %run_race %t > /dev/null 2>&1
// RUN: cat %t.reports/*.jsonl | FileCheck %s --check-prefix=JSON
// VERDICT: race
// A report names what a task it mentions is blocked in: the task that wrote
// is parked on a channel receive nobody sends on when main reads. (The
// invisible barrier orders the write before the read in time; the task parks
// right after it, and main gives it 200 ms, ten thousand times what parking
// takes, before reading.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "vigil_test.h"

static invisible_barrier order;
int x;

int main() {
  invisible_barrier_init(&order, 2);
  auto gate = vigil::make_chan<int>();
  vigil::go([gate] {
    x = 1;  // PREV
    invisible_barrier_wait(&order);
    gate.recv();
  });
  invisible_barrier_wait(&order);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::printf("x %d\n", x);  // CUR
  gate.send(0);
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}report_blocked_task_race.cpp:31
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}report_blocked_task_race.cpp:25
// CHECK: Task {{[0-9]+}} (blocked in chan receive) created by main thread at:
// CHECK-NEXT: #0 main {{.*}}report_blocked_task_race.cpp:24
// CHECK: SUMMARY: vigil: data race {{.*}}report_blocked_task_race.cpp:31
// JSON: "kind":"task"{{.*}}"state":"blocked","blocked_in":"chan receive"
