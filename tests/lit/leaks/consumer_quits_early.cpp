// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// Producer/consumer where the consumer quits early (GoKer: communication
// deadlock): the consumer stops at the first bad item; the producer blocks
// on its next send with nobody left to receive.
#include <vigil/vigil.h>
#include <cstdio>

vigil::chan<int> consumed = vigil::make_chan<int>(1);

void produce(vigil::chan<int> items) {
  for (int i = 0; i < 10; i++) items.send(i == 3 ? -1 : i);
  items.close();
}

void consume(vigil::chan<int> items) {
  int n = 0;
  for (int v : items) {
    if (v < 0) break;  // quits, the producer does not know
    n++;
  }
  consumed.send(n);
}

int main() {
  auto items = vigil::make_chan<int>();
  vigil::go(produce, items);
  vigil::go(consume, items);
  std::printf("consumed %d\n", *consumed.recv());
}

// CHECK:      consumed 3
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in chan send at exit
// CHECK:        Blocked in chan send (task {{[0-9]+}}):
// CHECK-NEXT:     #0 produce(vigil::chan<int>) {{.*}}consumer_quits_early.cpp:12:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 main {{.*}}consumer_quits_early.cpp:26:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}consumer_quits_early.cpp:27:
// CHECK-NOT:  WARNING: vigil
