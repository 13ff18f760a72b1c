// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A worker returns early on an error without calling done(): the collector
// waiting on the wait_group never wakes (main, which does not wait for the
// collector, exits).
#include <vigil/vigil.h>
#include <cstdio>

vigil::wait_group wg;  // global: the blocked waiter outlives main

int main() {
  auto finished = vigil::make_chan<bool>(1);
  for (int i = 0; i < 4; i++) {
    wg.add(1);
    vigil::go([i] {
      if (i == 2) return;  // error path: done() skipped
      wg.done();
    });
  }
  vigil::go([finished] {
    wg.wait();
    finished.send(true);
  });
  std::printf("started\n");
}

// CHECK:      started
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in wait_group wait at exit
// CHECK:        Blocked in wait_group wait (task {{[0-9]+}}):
// CHECK-NEXT:     #0 main::$_1::operator()() const {{.*}}done_skipped_on_error.cpp:21:
// CHECK-NOT:  WARNING: vigil
