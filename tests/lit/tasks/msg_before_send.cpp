// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of msg_after_send_race.cpp: the message is complete before it is
// sent, and the sender does not touch it afterwards.
#include <vigil/vigil.h>

#include <cstdio>

struct message {
  int value;
};

int main() {
  auto ch = vigil::make_chan<message *>();
  vigil::go([ch] {
    auto *m = new message{1};
    m->value = 2;
    ch.send(m);
  });
  message *m = *ch.recv();
  std::printf("value %d\n", m->value);
  delete m;
}
// CHECK-NOT: WARNING: vigil
// CHECK: value 2
