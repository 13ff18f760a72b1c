// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// timeout_unread_reply done right: a reply channel of capacity 1 lets the
// late worker finish; it still sleeps when main returns, and the exit check
// waits for it (its timer is pending) instead of calling it leaked.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

int main() {
  auto reply = vigil::make_chan<int>(1);
  vigil::go([reply] {
    vigil::sleep_for(50ms);
    reply.send(42);
  });
  vigil::select(vigil::on_recv(reply, [](std::optional<int>) { std::printf("reply\n"); }),
                vigil::on_recv(vigil::after(5ms), [](auto) { std::printf("timeout\n"); }));
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
