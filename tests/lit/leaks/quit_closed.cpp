// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// quit_never_closed done right: closing quit ends every loop (the last ones
// may still be returning when main does).
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::wait_group handled;  // global: loops may outlive main

int main() {
  auto events = vigil::make_chan<int>(8);
  auto quit = vigil::make_chan<bool>();
  handled.add(3);
  for (int i = 0; i < 3; i++)
    vigil::go([events, quit] {
      for (;;) {
        bool stop = false;
        vigil::select(vigil::on_recv(events, [&](std::optional<int>) { handled.done(); }),
                      vigil::on_recv(quit, [&](std::optional<bool>) { stop = true; }));
        if (stop) return;
      }
    });
  for (int i = 0; i < 3; i++) events.send(i);
  handled.wait();
  quit.close();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
