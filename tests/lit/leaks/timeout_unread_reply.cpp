// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// The classic: a request with a timeout. The worker replies on an
// unbuffered channel after the caller has given up, and blocks forever.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

int main() {
  auto reply = vigil::make_chan<int>();
  vigil::go([reply] {
    vigil::sleep_for(50ms);
    reply.send(42);
  });
  vigil::select(vigil::on_recv(reply, [](std::optional<int>) { std::printf("reply\n"); }),
                vigil::on_recv(vigil::after(5ms), [](auto) { std::printf("timeout\n"); }));
}

// CHECK:      timeout
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}}):
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}timeout_unread_reply.cpp:16:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 main {{.*}}timeout_unread_reply.cpp:13:
// CHECK-NOT:  WARNING: vigil
