// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A leak proven while the program runs: a task waits on a wait_group on its
// own stack; one of its workers returns on an error path without done().
// Once the other workers have ended, no task can reach the wait_group any
// more: the waiter is reported while main keeps running (main polls
// vigil::reports_made(): a handshake, no timing).
#include <vigil/vigil.h>
#include <cstdio>

void handle_batch(int n) {
  vigil::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++)
    vigil::go([&wg, i] {
      if (i == 2) return;  // the error path: done() skipped
      wg.done();
    });
  wg.wait();
  std::printf("batch handled\n");
}

int main() {
  vigil::go([] { handle_batch(4); });
  int rounds = 0;
  for (; vigil::reports_made() < 1 && rounds < 100000; rounds++) vigil::sleep_for(std::chrono::milliseconds(1));
  std::printf("main saw %u report while running\n", vigil::reports_made());
}

// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for good in wait_group wait (the longest for {{[0-9]+}} ms): no task outside those blocked for good can reach the wait_group to call done(), so nothing can wake it; a proven leak.
// CHECK:        Blocked in wait_group wait (task {{[0-9]+}}):
// CHECK:          handle_batch(int) {{.*}}proven_wait_group_done_skipped.cpp:19:
// CHECK:        On vigil::wait_group 0x{{[0-9a-f]+}} (counter 1: 1 done() still owed, 1 waiter)
// CHECK-NOT:  batch handled
// CHECK:      main saw 1 report while running
// CHECK-NOT:  WARNING: vigil
