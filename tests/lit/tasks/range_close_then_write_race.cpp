// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of range_close_publishes.cpp with the summary written after
// close(): the end of the range loop is ordered after the close, not after
// what the producer does next. (The invisible barrier only fixes the order in
// time: the producer writes, then main reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;

struct summary {
  int count;
  long total;
};

int main() {
  invisible_barrier_init(&order, 2);
  summary s{0, 0};
  auto ch = vigil::make_chan<int>(4);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&s, &wg, ch] {
    for (int i = 1; i <= 10; i++) ch.send(i);
    ch.close();
    s.total = 55;  // PREV
    invisible_barrier_wait(&order);
    wg.done();
  });
  long got = 0;
  for (int v : ch) got += v;
  invisible_barrier_wait(&order);
  std::printf("got %ld total %ld\n", got, s.total);  // CUR
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 8 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}range_close_then_write_race.cpp:36
// CHECK: Previous write of size 8 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}range_close_then_write_race.cpp:29
// CHECK: Location is stack of main thread.
// CHECK: SUMMARY: vigil: data race {{.*}}range_close_then_write_race.cpp:36
