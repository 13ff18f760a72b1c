// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of unbuffered_rendezvous.cpp with the receiver's write moved after
// its receive: the receive happens before the send completes, what the
// receiver does next does not. (The invisible barrier only fixes the order in
// time: the task writes, then main reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int note;

int main() {
  invisible_barrier_init(&order, 2);
  auto ch = vigil::make_chan<int>();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    ch.recv();
    note = 5;  // PREV
    invisible_barrier_wait(&order);
    wg.done();
  });
  ch.send(1);
  invisible_barrier_wait(&order);
  int n = note;  // CUR
  wg.wait();
  std::printf("note %d\n", n);
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}unbuffered_write_after_recv_race.cpp:29
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}unbuffered_write_after_recv_race.cpp:23
// CHECK: SUMMARY: vigil: data race {{.*}}unbuffered_write_after_recv_race.cpp:29
