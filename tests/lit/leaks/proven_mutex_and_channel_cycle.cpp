// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// The proof follows the wait-for relation through mutexes and through
// channels held by each other:
//  - a task holds `m` and blocks sending on a channel only it holds; a second
//    task waits for `m`: both can never wake;
//  - two tasks each receive on the channel the other would send on, each
//    holding both handles: a communication deadlock that the rest of the
//    program (main, still running) cannot break, reported as one deadlock
//    naming both.
// Reported while main runs (it polls vigil::reports_made()).
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::mutex m;

int main() {
  {
    auto out = vigil::make_chan<int>();
    auto locked = vigil::make_chan<bool>();
    vigil::go([out, locked] {
      m.lock();
      locked.send(true);
      out.send(1);  // nobody receives: blocked for good, holding m
      m.unlock();
    });
    locked.recv();
  }
  vigil::go([] {
    m.lock();
    m.unlock();
  });
  {
    auto ping = vigil::make_chan<int>();
    auto pong = vigil::make_chan<int>();
    vigil::go([ping, pong] {
      ping.recv();
      pong.send(1);
    });
    vigil::go([ping, pong] {
      pong.recv();
      ping.send(1);
    });
  }
  int rounds = 0;
  for (; vigil::reports_made() < 3 && rounds < 100000; rounds++) vigil::sleep_for(std::chrono::milliseconds(1));
  std::printf("main saw %u reports while running\n", vigil::reports_made());
}

// CHECK-DAG:  1 task is blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake it; a proven leak.
// CHECK-DAG:  1 task is blocked for good in mutex lock (the longest for {{[0-9]+}} ms): the mutex is held by a task blocked for good, so nothing can wake it; a proven leak.
// CHECK-DAG:  On vigil::mutex 0x{{[0-9a-f]+}}, held by task {{[0-9]+}} (blocked in chan send)
// CHECK-DAG:  WARNING: vigil: deadlock (wait-for cycle)
// CHECK-DAG:  2 tasks wait for each other in a cycle: none of them can ever be woken. The rest of the program runs on.
// CHECK-DAG:  Task {{[0-9]+}} waits in chan receive on chan<int> (unbuffered):
// CHECK-DAG:    #0 main::$_2::operator()() const {{.*}}proven_mutex_and_channel_cycle.cpp:38:
// CHECK-DAG:    #0 main::$_3::operator()() const {{.*}}proven_mutex_and_channel_cycle.cpp:42:
// CHECK:      main saw 3 reports while running
// CHECK-NOT:  WARNING: vigil
// CHECK:      vigil: 4 tasks still blocked as reported above (not repeated)
// CHECK-NOT:  WARNING: vigil
