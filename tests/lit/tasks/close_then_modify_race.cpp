// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Configuration changed after close: a receiver that saw the channel closed
// is not ordered after the later write. (The invisible barrier only fixes the
// order in time: main writes, then the task reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

struct config {
  int level;
};
static invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  config cfg{0};
  auto ready = vigil::make_chan<int>();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    ready.recv();
    invisible_barrier_wait(&order);
    int seen = cfg.level;  // CUR
    std::printf("seen %d\n", seen);
    wg.done();
  });
  ready.close();
  cfg.level = 3;  // PREV
  invisible_barrier_wait(&order);
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}close_then_modify_race.cpp:26
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}close_then_modify_race.cpp:31
// CHECK: SUMMARY: vigil: data race {{.*}}close_then_modify_race.cpp:26
