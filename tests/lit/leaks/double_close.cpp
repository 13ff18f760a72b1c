// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: misuse
// Double close (Go's "close of closed channel" panic): both the worker that
// hits an error and the owner shutting down close the stop channel. The
// report shows the second close and the first, with who made it.
#include <vigil/vigil.h>
#include <cstdio>

struct service {
  vigil::chan<bool> stop = vigil::make_chan<bool>();
  void shutdown() { stop.close(); }
};

int main() {
  service s;
  auto failed = vigil::make_chan<int>();
  vigil::go([&s, failed] {
    s.shutdown();  // on an error
    failed.send(1);
  });
  failed.recv();
  std::printf("worker failed\n");
  s.shutdown();  // again
  std::printf("not reached\n");
}

// CHECK:      worker failed
// CHECK:      WARNING: vigil: close of closed channel
// CHECK-NEXT:   In main thread:
// CHECK-NEXT:     #0 service::shutdown() {{.*}}double_close.cpp:11:
// CHECK-NEXT:     #1 main {{.*}}double_close.cpp:23:
// CHECK:        Closed by task {{[0-9]+}} at:
// CHECK-NEXT:     #0 service::shutdown() {{.*}}double_close.cpp:11:
// CHECK-NEXT:     #1 main::$_0::operator()() const {{.*}}double_close.cpp:18:
// CHECK:      SUMMARY: vigil: close of closed channel {{.*}}double_close.cpp:11:
// CHECK-NOT:  WARNING: vigil
// CHECK-NOT:  not reached
