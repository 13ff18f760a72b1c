// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx --no-detect -O1 -g %s -o %t.nd && %run_race %t.nd 2>&1 | FileCheck %s
// VERDICT: leak
// First reply wins: 1000 workers send their result on an unbuffered channel
// and main takes the first; the other 999 block forever in their send. One
// report for the 999, with where they block, where they were made, and the
// channel.
#include <vigil/vigil.h>
#include <cstdio>

int main() {
  auto results = vigil::make_chan<int>();
  for (int i = 0; i < 1000; i++)
    vigil::go([results, i] { results.send(i); });
  std::printf("first reply %d\n", *results.recv() >= 0);
}

// CHECK:      first reply 1
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   999 tasks are blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake them; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}} and 998 more like it):
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}unread_senders.cpp:14:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 main {{.*}}unread_senders.cpp:12:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}unread_senders.cpp:14:
// CHECK:      SUMMARY: vigil: leaked tasks {{.*}}unread_senders.cpp:14:{{[0-9]+}} in main::$_0::operator()() const
// CHECK-NOT:  WARNING: vigil
