// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A sleep-based timeout (GoKer: communication deadlock, time.Sleep instead
// of a select): the caller sleeps for the allowed time, polls the reply
// once with a default case and gives up; the backend answers later and the
// worker blocks on the unbuffered reply.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

vigil::chan<bool> backend = vigil::make_chan<bool>();

int call_with_timeout() {
  auto reply = vigil::make_chan<int>();
  vigil::go([reply] {
    backend.recv();  // slower than the timeout
    reply.send(42);
  });
  vigil::sleep_for(5ms);
  int r = -1;
  vigil::select(vigil::on_recv(reply, [&](std::optional<int> v) { r = *v; }),
                vigil::on_default([] {}));
  return r;
}

int main() {
  std::printf("reply %d\n", call_with_timeout());
  backend.close();  // the backend answers after all
}

// CHECK:      reply -1
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}}):
// CHECK-NEXT:     #0 call_with_timeout()::$_0::operator()() const {{.*}}sleep_timeout_abandons_worker.cpp:20:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 call_with_timeout() {{.*}}sleep_timeout_abandons_worker.cpp:17:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 call_with_timeout() {{.*}}sleep_timeout_abandons_worker.cpp:18:
// CHECK-NOT:  WARNING: vigil
