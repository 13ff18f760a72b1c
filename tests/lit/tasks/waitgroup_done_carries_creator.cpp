// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Each worker's done() carries what its creator did before creating it. A
// spawner task writes data[i], then starts worker i, and lets it finish
// before the next write (watching a relaxed counter: no edge). A collector,
// started before any of it, waits on the group and reads every data[i]:
// ordered through worker i's creation and its done(). The workers acquire
// nothing, so from the third done() on the group's clock takes only the
// entries a worker's clock adds to its creator's snapshot (sync_clock::
// release): the spawner's among them, or data[i] would seem unordered.
#include <vigil/vigil.h>

#include <atomic>
#include <cstdio>

constexpr int kWorkers = 16;
int data[kWorkers];
int slots[kWorkers];
std::atomic<int> finished{0};

int main() {
  vigil::wait_group wg;
  wg.add(kWorkers);
  auto total = vigil::make_chan<int>();
  vigil::go([&wg, total] {
    wg.wait();
    int sum = 0;
    for (int i = 0; i < kWorkers; i++) sum += data[i] + slots[i];
    total.send(sum);
  });
  vigil::go([&wg] {
    for (int i = 0; i < kWorkers; i++) {
      data[i] = i + 1;
      vigil::go([&wg, i] {
        slots[i] = 1;
        wg.done();
        finished.fetch_add(1, std::memory_order_relaxed);
      });
      while (finished.load(std::memory_order_relaxed) <= i) vigil::yield();
    }
  });
  std::printf("total %d\n", *total.recv());
}
// CHECK-NOT: WARNING: vigil
// CHECK: total 152
