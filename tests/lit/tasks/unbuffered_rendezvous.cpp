// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// On an unbuffered channel the receive happens before the send completes:
// the receiver's write before its receive is visible to the sender after
// its send returns.
#include <vigil/vigil.h>

#include <cstdio>

int note;

int main() {
  auto ch = vigil::make_chan<int>();
  vigil::go([&] {
    note = 5;
    ch.recv();
  });
  ch.send(1);
  std::printf("note %d\n", note);
}
// CHECK-NOT: WARNING: vigil
// CHECK: note 5
