// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// double_lock done right: the helper expects the lock to be held.
#include <vigil/vigil.h>
#include <cstdio>

vigil::mutex mu;
int hits;

void record_locked() { hits++; }  // requires mu

void handle() {
  mu.lock();
  record_locked();
  mu.unlock();
}

int main() {
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {
    handle();
    wg.done();
  });
  wg.wait();
  std::printf("hits %d\n", hits);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: hits 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
