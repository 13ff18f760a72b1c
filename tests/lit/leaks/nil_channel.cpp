// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A stop channel that was never made (the nil channel): receiving on it
// blocks forever.
#include <vigil/vigil.h>
#include <cstdio>

struct server {
  vigil::chan<bool> stop;  // never made: nil
};

server s;

int main() {
  vigil::go([] { s.stop.recv(); });
  std::printf("serving\n");
}

// CHECK:      serving
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for ever in chan receive (nil chan): nothing can wake it, a leak proven while the program runs.
// CHECK:        Blocked in chan receive (nil chan) (task {{[0-9]+}}):
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}nil_channel.cpp:15:
// CHECK:        On the nil channel (a channel never made): it blocks forever.
// (Reported once: at exit, or already while running — then one line at exit says so.)
// CHECK-NOT:  WARNING: vigil
