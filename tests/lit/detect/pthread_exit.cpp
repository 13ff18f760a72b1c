// RUN: %vigil_cxx -O0 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A thread leaving through pthread_exit from a nested call: its writes and its
// exit value are ordered before the joiner. Also a thread whose start routine
// returns normally after writing through a pointer into the parent's stack.
#include "vigil_test.h"
#include <pthread.h>

long result;

__attribute__((noinline)) void finish(long v) {
  result = v;
  pthread_exit(reinterpret_cast<void *>(v + 1));
}

void *worker(void *) {
  finish(41);
  return nullptr; // not reached
}

void *fill(void *p) {
  static_cast<long *>(p)[0] = 5;
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, worker, nullptr);
  void *ret;
  pthread_join(t, &ret);
  if (result != 41 || reinterpret_cast<long>(ret) != 42)
    return 1;
  long local[1] = {0};
  pthread_create(&t, nullptr, fill, local);
  pthread_join(t, nullptr);
  if (local[0] != 5)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
