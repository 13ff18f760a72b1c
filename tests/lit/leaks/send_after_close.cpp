// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: misuse
// Send after close (Go's "send on closed channel" panic): the collector
// closes results when the workers it counted are done, but a retry task it
// did not count sends later. The report shows the send and the close.
#include <vigil/vigil.h>
#include <cstdio>

vigil::chan<int> results = vigil::make_chan<int>(8);
vigil::chan<bool> retry_now = vigil::make_chan<bool>();

void collect(int workers) {
  for (int i = 0; i < workers; i++) results.recv();
  results.close();
  retry_now.close();
}

int main() {
  vigil::go([] { results.send(1); });
  vigil::go([] {
    retry_now.recv();
    results.send(2);  // the retry nobody counted
  });
  collect(1);
  vigil::sleep_for(std::chrono::seconds(10));  // ended by the report
}

// CHECK:      WARNING: vigil: send on closed channel
// CHECK-NEXT:   In task {{[0-9]+}}:
// CHECK-NEXT:     #0 main::$_1::operator()() const {{.*}}send_after_close.cpp:22:
// CHECK:        Closed by main thread at:
// CHECK-NEXT:     #0 collect(int) {{.*}}send_after_close.cpp:14:
// CHECK-NEXT:     #1 main {{.*}}send_after_close.cpp:24:
// CHECK:        Task {{[0-9]+}} (running) created at:
// CHECK-NEXT:     #0 main {{.*}}send_after_close.cpp:20:
// CHECK:      SUMMARY: vigil: send on closed channel {{.*}}send_after_close.cpp:22:
// CHECK-NOT:  WARNING: vigil
