// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// close() happens before a receive that returns because the channel is
// closed, and before a range loop over it ends.
#include <vigil/vigil.h>

#include <cstdio>

struct config {
  int level;
};

int main() {
  config cfg{0};
  auto ready = vigil::make_chan<int>();
  auto items = vigil::make_chan<int>(4);
  vigil::wait_group wg;
  for (int i = 0; i < 4; i++) {
    wg.add(1);
    vigil::go([&] {
      ready.recv();  // returns: closed
      int seen = cfg.level;
      (void)seen;
      wg.done();
    });
  }
  cfg.level = 3;
  ready.close();
  wg.wait();
  int last = 0;
  vigil::go([&] {
    last = 7;
    items.send(1);
    items.close();
  });
  int n = 0;
  for (int v : items) n += v;
  std::printf("level %d n %d last %d\n", cfg.level, n, last);
}
// CHECK-NOT: WARNING: vigil
// CHECK: level 3 n 1 last 7
