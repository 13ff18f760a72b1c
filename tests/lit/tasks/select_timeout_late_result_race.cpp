// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of select_with_timeout.cpp where the answer is also kept in a
// shared variable: main gives up on the timeout and reads it anyway; the
// late task's write reaches main through no edge (its send was never
// received). (The invisible barriers only fix the order in time: main times
// out, then the task answers, then main reads.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "vigil_test.h"

static invisible_barrier order;
int last_answer;

int main() {
  invisible_barrier_init(&order, 2);
  auto ch = vigil::make_chan<int>(1);
  vigil::go([ch] {
    invisible_barrier_wait(&order);
    last_answer = 42;  // PREV
    ch.send(42);
    invisible_barrier_wait(&order);
  });
  bool timed_out = false;
  vigil::select(vigil::on_recv(ch, [](std::optional<int>) {}),
                vigil::on_recv(vigil::after(std::chrono::milliseconds(20)), [&](auto) { timed_out = true; }));
  invisible_barrier_wait(&order);
  invisible_barrier_wait(&order);
  std::printf("timed out %d answer %d\n", timed_out, last_answer);  // CUR
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}select_timeout_late_result_race.cpp:33
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}select_timeout_late_result_race.cpp:24
// CHECK: SUMMARY: vigil: data race {{.*}}select_timeout_late_result_race.cpp:33
// CHECK: timed out 1 answer 42
