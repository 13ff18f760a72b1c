// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A deadline cancels as cancel() does: its firing happens before a receive
// on done() that sees it closed and before err() reports deadline_exceeded.
// One worker blocks on done(), one polls it in a select with a short
// after() (it may poll any number of times, none if it starts late); each
// records what it saw in its own slot, read after wait().
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

int main() {
  auto [ctx, cancel] = vigil::with_timeout(vigil::background(), std::chrono::milliseconds(20));
  vigil::wait_group wg;
  bool expired[2] = {false, false};
  int polls = 0;
  wg.add(2);
  vigil::go([&, ctx = ctx] {
    ctx.done().recv();
    expired[0] = ctx.err() == vigil::context_errc::deadline_exceeded;
    wg.done();
  });
  vigil::go([&, ctx = ctx] {
    for (bool stop = false; !stop;)
      vigil::select(vigil::on_recv(ctx.done(), [&](auto) { stop = true; }),
                    vigil::on_recv(vigil::after(std::chrono::milliseconds(1)), [&](auto) { polls++; }));
    expired[1] = ctx.err() == vigil::context_errc::deadline_exceeded;
    wg.done();
  });
  wg.wait();
  cancel();
  std::printf("expired %d %d (polled %d times)\n", expired[0], expired[1], polls);
}
// CHECK-NOT: WARNING: vigil
// CHECK: expired 1 1
