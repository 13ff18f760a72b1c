// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Tickers until cancel: pollers count ticks until their context is
// cancelled (cancel() closes done(), which ends the loop); main joins them
// through the wait_group before it reads their counts.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

struct poller_stats {
  int ticks;
  bool stopped;
};

int main() {
  auto [ctx, cancel] = vigil::with_cancel(vigil::background());
  auto ticking = vigil::make_chan<int>(2);
  poller_stats st[2] = {};
  vigil::wait_group wg;
  for (int p = 0; p < 2; p++) {
    wg.add(1);
    vigil::go([&, p, ctx = ctx] {
      vigil::ticker t(std::chrono::milliseconds(2));
      while (!st[p].stopped)
        vigil::select(vigil::on_recv(t.c(), [&](auto) {
                        if (st[p].ticks++ == 0) ticking.send(p);
                      }),
                      vigil::on_recv(ctx.done(), [&](auto) { st[p].stopped = true; }));
      wg.done();
    });
  }
  ticking.recv();
  ticking.recv();
  cancel();
  wg.wait();
  std::printf("stopped %d %d ticked %d\n", st[0].stopped, st[1].stopped,
              st[0].ticks > 0 && st[1].ticks > 0);
}
// CHECK-NOT: WARNING: vigil
// CHECK: stopped 1 1 ticked 1
