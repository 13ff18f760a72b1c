// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// event_loop_ignores_ctx done right: the loop waits for an event or
// ctx.done(), whichever comes first.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::wait_group handled;
vigil::chan<int> loop_exit = vigil::make_chan<int>(1);

void event_loop(vigil::context ctx, vigil::chan<int> events) {
  int n = 0;
  for (bool stop = false; !stop;)
    vigil::select(vigil::on_recv(events, [&](std::optional<int>) {
                    n++;
                    handled.done();
                  }),
                  vigil::on_recv(ctx.done(), [&](auto) { stop = true; }));
  loop_exit.send(n);
}

int main() {
  auto [ctx, cancel] = vigil::with_cancel(vigil::background());
  auto events = vigil::make_chan<int>();
  handled.add(2);
  vigil::go(event_loop, ctx, events);
  events.send(1);
  events.send(2);
  handled.wait();
  cancel();
  std::printf("handled %d\n", *loop_exit.recv());
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: handled 2
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
