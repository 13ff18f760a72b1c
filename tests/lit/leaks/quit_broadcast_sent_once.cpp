// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A quit signal sent instead of closed (GoKer: communication deadlock,
// select on a quit channel): one send on quit stops one of the three
// loops; the other two wait in select forever.
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
  quit.send(true);  // reaches one loop only
  std::printf("quit sent\n");
}

// CHECK:      quit sent
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   2 tasks are blocked for good in select (the longest for {{[0-9]+}} ms): every handle of the channels waited on is held by tasks blocked for good, so nothing can wake them; a proven leak.
// CHECK:        Blocked in select (task {{[0-9]+}} and 1 more like it):
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}quit_broadcast_sent_once.cpp:20:
// CHECK:        Task {{[0-9]+}} (blocked in select, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}quit_broadcast_sent_once.cpp:17:
// CHECK-NOT:  WARNING: vigil
