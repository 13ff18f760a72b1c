// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// WaitGroup wait before the receives it needs (GoKer: mixed deadlock,
// channel & WaitGroup): the workers send on an unbuffered
// channel and call done() after their send; main waits for them before it
// drains the channel. Every task and main are blocked: a global deadlock.
#include <vigil/vigil.h>
#include <cstdio>

int main() {
  auto results = vigil::make_chan<int>();
  vigil::wait_group wg;
  for (int i = 0; i < 3; i++) {
    wg.add(1);
    vigil::go([&wg, results, i] {
      results.send(i * i);
      wg.done();
    });
  }
  wg.wait();  // the sends above need the receives below
  int sum = 0;
  for (int i = 0; i < 3; i++) sum += *results.recv();
  std::printf("sum %d\n", sum);
}

// CHECK-NOT:  sum
// CHECK:      WARNING: vigil: all tasks are asleep - deadlock
// CHECK-NEXT:   Every task and thread that uses vigil is blocked and no timer is pending: 4 participants.
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms){{.*}}:
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}wait_before_drain.cpp:16:
// CHECK-NEXT:   Task {{[0-9]+}} created at:
// CHECK-NEXT:     #0 main {{.*}}wait_before_drain.cpp:15:
// CHECK:        Main thread (blocked in wait_group wait, {{[0-9]+}} ms){{.*}}:
// CHECK-NEXT:     #0 main {{.*}}wait_before_drain.cpp:20:
// CHECK:      SUMMARY: vigil: all tasks are asleep - deadlock {{.*}}wait_before_drain.cpp:16:
// CHECK-NOT:  WARNING: vigil
