// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: misuse
// Close of a stop channel never made (Go's "close of nil channel" panic):
// one constructor makes the stop channel, the other forgets it; stop() on
// an object built by the second closes the nil channel.
#include <vigil/vigil.h>
#include <cstdio>

struct poller {
  vigil::chan<bool> stop_;
  int interval_ms;
  poller() : stop_(vigil::make_chan<bool>()), interval_ms(100) {}
  explicit poller(int ms) : interval_ms(ms) {}  // stop_ not made
  void stop() { stop_.close(); }
};

int main() {
  poller fast(10);
  std::printf("interval %d\n", fast.interval_ms);
  fast.stop();
  std::printf("not reached\n");
}

// CHECK:      interval 10
// CHECK:      WARNING: vigil: close of nil channel
// CHECK-NEXT:   In main thread:
// CHECK-NEXT:     #0 poller::stop() {{.*}}close_nil_stop.cpp:14:
// CHECK-NEXT:     #1 main {{.*}}close_nil_stop.cpp:20:
// CHECK:      SUMMARY: vigil: close of nil channel {{.*}}close_nil_stop.cpp:14:
// CHECK-NOT:  WARNING: vigil
// CHECK-NOT:  not reached
