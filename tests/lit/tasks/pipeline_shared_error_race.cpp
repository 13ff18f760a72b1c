// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A pipeline whose stages report failure in one shared error variable: the
// parser finds a bad checksum after its last send, the sink (main) rejects an
// item it received; the channels order what the parser did before its sends,
// so neither write is ordered before the other. (The invisible barrier only
// fixes the order in time: the parser writes, then main.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
const char *pipeline_error;

int main() {
  invisible_barrier_init(&order, 2);
  auto parsed = vigil::make_chan<int>(4);
  auto scaled = vigil::make_chan<int>(4);
  vigil::go([parsed] {
    const int input[] = {1, 2, 4};
    int sum = 0;
    for (int v : input) {
      parsed.send(v);
      sum += v;
    }
    if (sum != 8) pipeline_error = "parse: bad checksum";  // PREV
    invisible_barrier_wait(&order);
    parsed.close();
  });
  vigil::go([parsed, scaled] {
    for (int v : parsed) scaled.send(v * 10);
    scaled.close();
  });
  invisible_barrier_wait(&order);
  int sum = 0;
  for (int v : scaled) {
    if (v == 20) {
      pipeline_error = "sink: rejected item";  // CUR
      continue;
    }
    sum += v;
  }
  std::printf("sum %d error %s\n", sum, pipeline_error);
}
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 8 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}pipeline_shared_error_race.cpp:40
// CHECK: Previous write of size 8 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}pipeline_shared_error_race.cpp:28
// CHECK: Location is global 'pipeline_error' of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}pipeline_shared_error_race.cpp:40
