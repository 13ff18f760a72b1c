// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// task_group_sender_ignores_ctx done right: the producer sends in a select
// with the group's ctx().done(), so the consumer's error releases it.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>
#include <system_error>

int main() {
  vigil::task_group g;
  auto items = vigil::make_chan<int>();
  g.go([items](const vigil::context& ctx) -> std::error_code {
    for (int i = 0; i < 10; i++) {
      bool cancelled = false;
      vigil::select(vigil::on_send(items, i, [] {}),
                    vigil::on_recv(ctx.done(), [&](auto) { cancelled = true; }));
      if (cancelled) return ctx.err();
    }
    items.close();
    return {};
  });
  g.go([items]() -> std::error_code {
    for (int v : items)
      if (v == 2) return std::make_error_code(std::errc::invalid_argument);
    return {};
  });
  std::error_code e = g.wait();
  std::printf("error: %s\n", e.message().c_str());
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: error: Invalid argument
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
