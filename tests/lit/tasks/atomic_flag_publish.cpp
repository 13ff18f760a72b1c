// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// C++ atomics between tasks: a release store of the flag publishes what the
// producer wrote before it to the consumer whose acquire load reads it.
#include <vigil/vigil.h>

#include <atomic>
#include <cstdio>

struct result_t {
  int value;
  int checksum;
};
result_t res;
std::atomic<bool> ready{false};

int main() {
  vigil::wait_group wg;
  bool consistent = false;
  wg.add(2);
  vigil::go([&] {
    while (!ready.load(std::memory_order_acquire)) vigil::yield();
    consistent = res.value * 7 == res.checksum;
    wg.done();
  });
  vigil::go([&] {
    res.value = 6;
    res.checksum = 42;
    ready.store(true, std::memory_order_release);
    wg.done();
  });
  wg.wait();
  std::printf("consistent %d\n", consistent);
}
// CHECK-NOT: WARNING: vigil
// CHECK: consistent 1
