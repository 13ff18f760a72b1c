// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// close_nil_stop done right: the stop channel is made by a default member
// initializer, so every constructor gets one.
#include <vigil/vigil.h>
#include <cstdio>

struct poller {
  vigil::chan<bool> stop_ = vigil::make_chan<bool>();
  int interval_ms;
  poller() : interval_ms(100) {}
  explicit poller(int ms) : interval_ms(ms) {}
  void stop() { stop_.close(); }
};

int main() {
  poller fast(10);
  std::printf("interval %d\n", fast.interval_ms);
  fast.stop();
  std::printf("stopped %d\n", !fast.stop_.recv());
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: interval 10
// CHECK: stopped 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
