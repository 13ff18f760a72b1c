// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// Channel & context (GoKer: communication deadlock): a request runs its
// work in a task and waits for the result or ctx.done(), whichever comes
// first. The context is cancelled, the caller returns, and the worker's
// send on the unbuffered result channel has no receiver left.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::chan<bool> backend_ready = vigil::make_chan<bool>();

int request(const vigil::context& ctx) {
  auto result = vigil::make_chan<int>();
  vigil::go([result] {
    backend_ready.recv();  // the slow part
    result.send(42);
  });
  int r = -1;
  vigil::select(vigil::on_recv(result, [&](std::optional<int> v) { r = *v; }),
                vigil::on_recv(ctx.done(), [](auto) {}));
  return r;
}

int main() {
  auto [ctx, cancel] = vigil::with_cancel(vigil::background());
  cancel();
  std::printf("request %d: %s\n", request(ctx), ctx.err().message().c_str());
  backend_ready.close();
}

// CHECK:      request -1
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}}):
// CHECK-NEXT:     #0 request(vigil::context const&)::$_0::operator()() const {{.*}}ctx_cancel_abandons_sender.cpp:17:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 request(vigil::context const&) {{.*}}ctx_cancel_abandons_sender.cpp:14:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 request(vigil::context const&) {{.*}}ctx_cancel_abandons_sender.cpp:15:
// CHECK-NOT:  WARNING: vigil
