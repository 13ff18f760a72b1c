// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of ticker_until_cancel.cpp without the join: cancel() happens
// before the poller sees done() closed, but the count the poller records
// afterwards is not ordered before main's read. (The invisible barrier only
// fixes the order in time: the poller records its count, then main reads.)
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int ticks_seen;

int main() {
  invisible_barrier_init(&order, 2);
  auto [ctx, cancel] = vigil::with_cancel(vigil::background());
  auto ticking = vigil::make_chan<int>(1);
  vigil::go([ticking, ctx = ctx] {
    vigil::ticker t(std::chrono::milliseconds(2));
    int n = 0;
    bool stop = false;
    while (!stop)
      vigil::select(vigil::on_recv(t.c(), [&](auto) {
                      if (n++ == 0) ticking.send(0);
                    }),
                    vigil::on_recv(ctx.done(), [&](auto) { stop = true; }));
    ticks_seen = n;  // PREV
    invisible_barrier_wait(&order);
  });
  ticking.recv();
  cancel();
  invisible_barrier_wait(&order);
  std::printf("ticked %d\n", ticks_seen > 0);  // CUR
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}ticker_read_without_join_race.cpp:36
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}ticker_read_without_join_race.cpp:30
// CHECK: SUMMARY: vigil: data race {{.*}}ticker_read_without_join_race.cpp:36
