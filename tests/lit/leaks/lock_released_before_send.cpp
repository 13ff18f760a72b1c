// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// lock_held_across_send done right: the producer releases the mutex before
// it sends.
#include <vigil/vigil.h>
#include <cstdio>

vigil::mutex mu;
vigil::chan<int> items = vigil::make_chan<int>();
int produced, consumed;

int main() {
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([&wg] {
    mu.lock();
    produced++;
    mu.unlock();
    items.send(7);
    wg.done();
  });
  vigil::go([&wg] {
    int v = *items.recv();
    mu.lock();
    consumed += v;
    mu.unlock();
    wg.done();
  });
  wg.wait();
  std::printf("consumed %d\n", consumed);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: consumed 7
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
