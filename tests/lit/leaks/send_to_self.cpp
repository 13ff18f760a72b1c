// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// Send to self (GoKer: communication deadlock): a worker sends its result
// on the unbuffered channel that only it would receive from later.
#include <vigil/vigil.h>
#include <cstdio>

vigil::chan<int> results = vigil::make_chan<int>();

void worker() {
  results.send(42);  // the receive below is this same task's
  std::printf("got %d\n", *results.recv());
}

int main() {
  vigil::go(worker);
  vigil::sleep_for(std::chrono::milliseconds(20));
  std::printf("main done\n");
}

// CHECK:      main done
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in chan send at exit
// CHECK:        Blocked in chan send (task {{[0-9]+}}):
// CHECK-NEXT:     #0 worker() {{.*}}send_to_self.cpp:11:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NOT:  WARNING: vigil
