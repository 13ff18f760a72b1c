// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// Channel & timer (GoKer: communication deadlock, time.After in a loop): the
// consumer of a stream gives up when no item arrives within a timeout; the
// producer, slow for a moment, then blocks for good on its next send.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

vigil::chan<int> items = vigil::make_chan<int>();
vigil::chan<bool> stall = vigil::make_chan<bool>();

int main() {
  vigil::go([] {
    for (int i = 0; i < 5; i++) {
      if (i == 2) stall.recv();  // a slow moment
      items.send(i);
    }
  });
  int got = 0;
  for (bool more = true; more;)
    vigil::select(vigil::on_recv(items, [&](std::optional<int>) { got++; }),
                  vigil::on_recv(vigil::after(5ms), [&](auto) { more = false; }));
  std::printf("timed out after %d items\n", got);
  stall.close();
}

// CHECK:      timed out after {{[0-2]}} items
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in chan send at exit
// CHECK:        Blocked in chan send (task {{[0-9]+}}):
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}timeout_abandons_stream.cpp:20:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 __cxx_global_var_init{{.*}}timeout_abandons_stream.cpp:13:
// CHECK-NOT:  WARNING: vigil
