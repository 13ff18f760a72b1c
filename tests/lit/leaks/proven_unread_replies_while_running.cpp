// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A leak proven while the program runs: each request starts a worker that
// replies on an unbuffered channel, and gives up after a timeout. Once the
// request returns, the worker's own closure holds the channel's last handle
// and the worker is blocked sending on it: nothing can ever receive. The
// workers are reported as one group while main keeps running (main polls
// vigil::reports_made(): a handshake, no timing) and not again at exit. On a
// loaded machine a worker may block after its group was reported (the
// group holds the ones found by then): the exit line counts all three.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

int request() {
  auto reply = vigil::make_chan<int>();
  vigil::go([reply] {
    vigil::sleep_for(20ms);
    reply.send(42);
  });
  int r = -1;
  vigil::select(vigil::on_recv(reply, [&](std::optional<int> v) { r = *v; }),
                vigil::on_recv(vigil::after(1ms), [](auto) {}));
  return r;
}

int main() {
  for (int i = 0; i < 3; i++) std::printf("request: %d\n", request());
  int rounds = 0;
  for (; vigil::reports_made() < 1 && rounds < 100000; rounds++) vigil::sleep_for(1ms);
  std::printf("main saw %u report while running\n", vigil::reports_made());
}

// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   {{[1-3]}} {{tasks? (is|are)}} blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake {{it|them}}; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}}{{( and [12] more like it)?}}):
// CHECK-NEXT:     #0 request()::$_0::operator()() const {{.*}}proven_unread_replies_while_running.cpp:22:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 request() {{.*}}proven_unread_replies_while_running.cpp:19:
// CHECK:      main saw 1 report while running
// CHECK-NOT:  WARNING: vigil
// CHECK:      vigil: {{[1-3]}} {{tasks?}} still blocked as reported above (not repeated)
// CHECK-NOT:  WARNING: vigil
