// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O0 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Accesses in a function marked __attribute__((no_sanitize("thread"))) are
// not instrumented, so the (deliberately benign, invisible) race between its
// write and an instrumented read is not reported. The same holds for a write
// through a no_sanitize lambda-called helper.
#include "vigil_test.h"
#include <thread>

int stats_counter;
static invisible_barrier order;

__attribute__((no_sanitize("thread"), noinline)) void bump_stats() {
  stats_counter++;
}

__attribute__((noinline)) void instrumented_reader() {
  int v = stats_counter;
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a([] {
    bump_stats();
    invisible_barrier_wait(&order);
    invisible_barrier_wait(&order);
    bump_stats();
  });
  std::thread b([] {
    invisible_barrier_wait(&order);
    instrumented_reader();
    invisible_barrier_wait(&order);
  });
  a.join();
  b.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
