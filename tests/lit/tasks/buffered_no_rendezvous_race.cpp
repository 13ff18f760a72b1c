// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of unbuffered_rendezvous.cpp with a buffer: the send completes
// without the receive, which orders nothing before the sender's read. (The
// invisible barrier only fixes the order in time: the task writes, then main
// reads.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int note;

int main() {
  invisible_barrier_init(&order, 2);
  auto ch = vigil::make_chan<int>(1);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    note = 5;  // PREV
    ch.recv();
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
// CHECK-NEXT: #0 main {{.*}}buffered_no_rendezvous_race.cpp:29
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}buffered_no_rendezvous_race.cpp:22
// CHECK: SUMMARY: vigil: data race {{.*}}buffered_no_rendezvous_race.cpp:29
