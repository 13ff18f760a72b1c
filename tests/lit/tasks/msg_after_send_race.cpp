// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A message modified after it was sent: the send happens before the receive
// completes, not the sender's later write. (The invisible barrier only fixes
// the order in time, so that the report is the same every run: main reads,
// then the task writes.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

struct message {
  int value;
};
static invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  auto ch = vigil::make_chan<message *>();
  auto done = vigil::make_chan<int>();
  vigil::go([ch, done] {
    auto *m = new message{1};
    ch.send(m);
    invisible_barrier_wait(&order);
    m->value = 2;  // CUR
    done.send(0);
  });
  message *m = *ch.recv();
  int v = m->value;  // PREV
  invisible_barrier_wait(&order);
  done.recv();
  std::printf("value %d\n", v);
  delete m;
}
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}msg_after_send_race.cpp:26
// CHECK: Previous read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}msg_after_send_race.cpp:30
// CHECK: SUMMARY: vigil: data race {{.*}}msg_after_send_race.cpp:26
