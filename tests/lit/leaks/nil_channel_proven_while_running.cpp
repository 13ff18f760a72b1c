// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A leak proven while the program runs: 100 workers wait on a stop channel
// that was never made (the nil channel) — nothing can ever wake them — and a
// select whose every case is a nil channel. They are reported (one group of
// 100, one of 1) while main keeps working, without waiting for the exit;
// main polls vigil::reports_made() (a handshake, no timing).
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

struct pool {
  vigil::chan<int> jobs;  // never made either
  vigil::chan<bool> stop;
};

pool p;

int main() {
  for (int i = 0; i < 100; i++) vigil::go([] { p.stop.recv(); });
  vigil::go([] {
    vigil::select(vigil::on_recv(p.jobs, [](std::optional<int>) {}),
                  vigil::on_recv(p.stop, [](std::optional<bool>) {}));
  });
  int rounds = 0;
  for (; vigil::reports_made() < 2 && rounds < 100000; rounds++) vigil::sleep_for(std::chrono::milliseconds(1));
  std::printf("main saw %u reports while running\n", vigil::reports_made());
}

// CHECK-DAG:  100 tasks are blocked for ever in chan receive (nil chan): nothing can wake them, a leak proven while the program runs.
// CHECK-DAG:  1 task is blocked for ever in select: nothing can wake it, a leak proven while the program runs.
// CHECK-DAG:  Blocked in chan receive (nil chan) (task {{[0-9]+}} and 99 more like it):
// CHECK-DAG:    #0 main::$_0::operator()() const {{.*}}nil_channel_proven_while_running.cpp:20:
// CHECK-DAG:  Blocked in select (task {{[0-9]+}}):
// CHECK:      main saw 2 reports while running
// CHECK-NOT:  WARNING: vigil
// CHECK:      vigil: 101 tasks still blocked as reported above (not repeated)
// CHECK-NOT:  WARNING: vigil
