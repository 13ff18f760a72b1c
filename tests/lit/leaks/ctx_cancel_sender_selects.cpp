// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// ctx_cancel_abandons_sender done right: the worker sends in a select with
// ctx.done(), so a cancelled request lets it go.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::chan<bool> backend_ready = vigil::make_chan<bool>();
vigil::wait_group workers;

int request(const vigil::context& ctx) {
  auto result = vigil::make_chan<int>();
  workers.add(1);
  vigil::go([result, ctx] {
    backend_ready.recv();
    vigil::select(vigil::on_send(result, 42, [] {}),
                  vigil::on_recv(ctx.done(), [](auto) { std::printf("worker: cancelled\n"); }));
    workers.done();
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
  workers.wait();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: request -1
// CHECK: worker: cancelled
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
