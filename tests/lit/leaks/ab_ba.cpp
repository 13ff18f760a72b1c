// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// AB-BA (GoKer: resource deadlock): two tasks take two vigil mutexes in
// opposite orders; each holds one and waits for the other. The channel
// handshake makes the deadlock certain. Both tasks are left blocked.
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

// CHECK:      started
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in mutex lock at exit
// CHECK:        #0 main::$_{{[01]}}::operator()() const {{.*}}ab_ba.cpp:{{18|24}}:
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in mutex lock at exit
// CHECK:        #0 main::$_{{[01]}}::operator()() const {{.*}}ab_ba.cpp:{{18|24}}:
// CHECK-NOT:  WARNING: vigil
