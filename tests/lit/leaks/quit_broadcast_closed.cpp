// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// quit_broadcast_sent_once done right: close is the broadcast; every loop
// sees it. main waits for all three to stop.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

int main() {
  auto events = vigil::make_chan<int>(8);
  auto quit = vigil::make_chan<bool>();
  vigil::wait_group handled, stopped;
  handled.add(3);
  stopped.add(3);
  for (int i = 0; i < 3; i++)
    vigil::go([events, quit, &handled, &stopped] {
      for (;;) {
        bool stop = false;
        vigil::select(vigil::on_recv(events, [&](std::optional<int>) { handled.done(); }),
                      vigil::on_recv(quit, [&](std::optional<bool>) { stop = true; }));
        if (stop) break;
      }
      stopped.done();
    });
  for (int i = 0; i < 3; i++) events.send(i);
  handled.wait();
  quit.close();
  stopped.wait();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
