// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// AB-BA (GoKer: resource deadlock): two tasks take two vigil mutexes in
// opposite orders; each holds one and waits for the other. The channel
// handshake makes the deadlock certain. Main ends 20 ms later: the cycle is
// reported as a deadlock (while main sleeps, or by the exit check at the
// latest), not as two leaked tasks.
#include <vigil/vigil.h>
#include <cstdio>

vigil::mutex a, b;
vigil::chan<int> first_taken = vigil::make_chan<int>(2);
vigil::chan<int> both_ready = vigil::make_chan<int>(2);

int main() {
  vigil::go([] {
    a.lock();
    first_taken.send(1);
    both_ready.recv();
    b.lock();  // held by the other task
  });
  vigil::go([] {
    b.lock();
    first_taken.send(2);
    both_ready.recv();
    a.lock();  // held by the other task
  });
  first_taken.recv();
  first_taken.recv();
  both_ready.send(0);
  both_ready.send(0);
  vigil::sleep_for(std::chrono::milliseconds(20));
  std::printf("started\n");
}

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   2 tasks wait for each other in a cycle: none of them can ever be woken.
// CHECK:        Task [[A:[0-9]+]] waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by task [[B:[0-9]+]] (blocked in mutex lock):
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}ab_ba.cpp:20:
// CHECK:        Task [[B]] waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by task [[A]] (blocked in mutex lock):
// CHECK-NEXT:     #0 main::$_1::operator()() const {{.*}}ab_ba.cpp:26:
// CHECK:        Task [[A]] (blocked in mutex lock, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}ab_ba.cpp:16:
// CHECK:      SUMMARY: vigil: deadlock (wait-for cycle) {{.*}}ab_ba.cpp:20:{{.*}}
// (Reported once: at exit, or already while running — then one line at exit says so.)
// CHECK-NOT:  WARNING: vigil
