// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A task parked in a send writes after it resumes; the task that completed
// the exchange reads after it: the hand-off orders what came before the
// send, not what the parked task does once it runs again. The receiver
// sleeps first so that the sender parks (either way round it is a race).
// The invisible barrier fixes the order in time (the write, then the read:
// the read is checked against the write, whose epoch must be one the
// receiver did not get from the hand-off) so that the report is the same
// every run; it blocks its thread, hence
// blocking() (at VIGIL_PROCS=1 the other task needs a worker).
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int later;

int main() {
  invisible_barrier_init(&order, 2);
  auto ch = vigil::make_chan<int>();
  auto done = vigil::make_chan<int>(2);
  vigil::go([=] {
    ch.send(1);
    later = 2;  // PREV
    vigil::blocking([] { invisible_barrier_wait(&order); });
    done.send(0);
  });
  vigil::go([=] {
    vigil::sleep_for(std::chrono::milliseconds(20));
    ch.recv();
    vigil::blocking([] { invisible_barrier_wait(&order); });
    int v = later;  // CUR
    done.send(v);
  });
  done.recv();
  done.recv();
  std::printf("done\n");
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}handoff_parked_write_after_race.cpp:39
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}handoff_parked_write_after_race.cpp:31
// CHECK: done
