// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A worker whose clock grew after its creation (it received a value) gives
// done() its whole clock. Two workers finish first (the group's clock then
// covers their creator's snapshot, so later done()s of workers that acquired
// nothing only raise two entries); then `writer` sets `config` and sends,
// and `reader` receives and calls done(). main waits and reads `config`:
// ordered through the send, the receive, done() and wait().
#include <vigil/vigil.h>

#include <atomic>
#include <cstdio>

int config;
std::atomic<int> finished{0};

int main() {
  vigil::wait_group wg;
  wg.add(3);
  auto ch = vigil::make_chan<int>();
  vigil::go([&wg, ch] {
    for (int i = 0; i < 2; i++) {
      vigil::go([&wg] {
        wg.done();
        finished.fetch_add(1, std::memory_order_relaxed);
      });
      while (finished.load(std::memory_order_relaxed) <= i) vigil::yield();
    }
    vigil::go([ch] {
      config = 42;
      ch.send(1);
    });
    vigil::go([&wg, ch] {
      ch.recv();
      wg.done();
    });
  });
  wg.wait();
  std::printf("config %d\n", config);
}
// CHECK-NOT: WARNING: vigil
// CHECK: config 42
