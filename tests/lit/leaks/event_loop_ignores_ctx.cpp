// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// An event loop that ignores ctx.done() (GoKer: communication deadlock,
// channel & context): it checks ctx.err() only after an event, so
// once the context is cancelled and the events stop, it waits in recv
// forever.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::wait_group handled;

void event_loop(vigil::context ctx, vigil::chan<int> events) {
  for (;;) {
    std::optional<int> e = events.recv();  // blind to ctx.done()
    if (!e || ctx.err()) return;
    handled.done();
  }
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
  std::printf("cancelled\n");
}

// CHECK:      cancelled
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in chan receive at exit
// CHECK:        Blocked in chan receive (task {{[0-9]+}}):
// CHECK-NEXT:     #0 event_loop(vigil::context, vigil::chan<int>) {{.*}}event_loop_ignores_ctx.cpp:15:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 main {{.*}}event_loop_ignores_ctx.cpp:23:
// CHECK:        Task {{[0-9]+}} (blocked in chan receive, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}event_loop_ignores_ctx.cpp:25:
// CHECK-NOT:  WARNING: vigil
