// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of pipeline_stages.cpp where a stage still updates its item's
// statistics after handing it downstream. (The invisible barrier only fixes
// the order in time: the last stage reads, then the middle stage writes.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

struct item {
  int value;
  int steps;
};
static invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  auto a = vigil::make_chan<item *>();
  auto b = vigil::make_chan<item *>();
  vigil::go([a] {
    a.send(new item{1, 0});
    a.close();
  });
  vigil::go([a, b] {
    for (item *it : a) {
      it->value *= 2;
      b.send(it);
      invisible_barrier_wait(&order);
      it->steps++;  // CUR
    }
    b.close();
  });
  for (item *it : b) {
    std::printf("steps %d\n", it->steps);  // PREV
    invisible_barrier_wait(&order);
  }
}
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}pipeline_touch_after_send_race.cpp:31
// CHECK: Previous read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}pipeline_touch_after_send_race.cpp:36
// CHECK: SUMMARY: vigil: data race {{.*}}pipeline_touch_after_send_race.cpp:31
