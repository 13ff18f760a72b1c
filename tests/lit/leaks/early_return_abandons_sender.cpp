// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// An early return abandons a sender (GoKer: communication deadlock): the
// handler starts the fetch in a task that reports its error on an unbuffered
// channel, then returns early on invalid input without receiving it.
#include <vigil/vigil.h>
#include <cstdio>

int fetch(int id) { return id < 0 ? 1 : 0; }

int handle(int id, bool valid) {
  auto errc = vigil::make_chan<int>();
  vigil::go([errc, id] { errc.send(fetch(id)); });
  if (!valid) return -1;  // errc is never read
  return *errc.recv();
}

int main() {
  std::printf("handle %d\n", handle(7, true));
  std::printf("handle %d\n", handle(8, false));
}

// CHECK:      handle 0
// CHECK:      handle -1
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}}):
// CHECK-NEXT:     #0 handle(int, bool)::$_0::operator()() const {{.*}}early_return_abandons_sender.cpp:13:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 handle(int, bool) {{.*}}early_return_abandons_sender.cpp:12:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 handle(int, bool) {{.*}}early_return_abandons_sender.cpp:13:
// CHECK-NOT:  WARNING: vigil
