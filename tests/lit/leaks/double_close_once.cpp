// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// double_close done right: shutdown closes through a vigil::once, so the
// second caller does nothing.
#include <vigil/vigil.h>
#include <cstdio>

struct service {
  vigil::chan<bool> stop = vigil::make_chan<bool>();
  vigil::once stop_once;
  void shutdown() {
    stop_once.call([this] { stop.close(); });
  }
};

int main() {
  service s;
  auto failed = vigil::make_chan<int>();
  vigil::go([&s, failed] {
    s.shutdown();
    failed.send(1);
  });
  failed.recv();
  std::printf("worker failed\n");
  s.shutdown();
  std::printf("stopped %d\n", !s.stop.recv());
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: worker failed
// CHECK: stopped 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
