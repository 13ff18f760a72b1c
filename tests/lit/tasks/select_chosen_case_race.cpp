// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// select synchronizes only with the case it chose: data published by the
// sender of the other case is not ordered before the read. (The invisible
// barrier only fixes the order in time: the other task writes, then main
// reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int from_slow;

int main() {
  invisible_barrier_init(&order, 2);
  auto fast = vigil::make_chan<int>(1);
  auto slow = vigil::make_chan<int>(1);
  vigil::go([slow] {
    from_slow = 7;  // PREV
    invisible_barrier_wait(&order);
    (void)slow;
  });
  fast.send(1);
  invisible_barrier_wait(&order);
  int got = 0;
  vigil::select(vigil::on_recv(fast, [&](std::optional<int> v) { got = *v; }),
                vigil::on_recv(slow, [&](std::optional<int> v) { got = *v; }));
  std::printf("got %d slow %d\n", got, from_slow);  // CUR
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}select_chosen_case_race.cpp:30
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}select_chosen_case_race.cpp:21
// CHECK: SUMMARY: vigil: data race {{.*}}select_chosen_case_race.cpp:30
