// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_clean %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_clean %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A hand-off between two tasks where one of them parks first, each way
// round (the other one sleeps before its part): on an unbuffered channel
// what the sender did before its send is visible to the receiver after its
// receive, and what the receiver did before its receive is visible to the
// sender after its send; the same through a select's send case, and through
// a buffered channel of capacity 1 whose parked sender's value (and clock)
// moves into the slot when the receive makes room.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

int to_receiver, to_sender;

void pause_a_bit() { vigil::sleep_for(std::chrono::milliseconds(20)); }

void round(bool sender_waits, bool by_select, std::size_t capacity) {
  auto ch = vigil::make_chan<int>(capacity);
  auto done = vigil::make_chan<int>(2);
  if (capacity) ch.send(0);  // full: the next send parks unless a receive came first
  vigil::go([=] {
    if (!sender_waits) pause_a_bit();
    to_receiver += 1;
    if (by_select) vigil::select(vigil::on_send(ch, 1, [] {}));
    else ch.send(1);
    if (!capacity) std::printf("sender saw %d\n", to_sender);
    done.send(0);
  });
  vigil::go([=] {
    if (sender_waits) pause_a_bit();
    if (!capacity) to_sender += 1;
    int v = *ch.recv();
    if (capacity) v = *ch.recv();
    std::printf("receiver got %d, saw %d\n", v, to_receiver);
    done.send(0);
  });
  done.recv();
  done.recv();
}

int main() {
  for (std::size_t capacity : {0, 1})
    for (bool by_select : {false, true})
      for (bool sender_waits : {false, true}) round(sender_waits, by_select, capacity);
  std::printf("done %d %d\n", to_receiver, to_sender);
}
// CHECK-NOT: WARNING: vigil
// CHECK: done 8 4
