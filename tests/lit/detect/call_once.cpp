// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::call_once: the function's writes are ordered before every call_once
// return, including a call_once nested in another one's function. (A throwing
// first attempt is not tested: with libstdc++ 12 on glibc it hangs, GCC PR 66146.)
#include "vigil_test.h"
#include <mutex>
#include <thread>
#include <vector>

std::once_flag outer_flag, inner_flag;
int calls;
int base, derived;

void init_base() {
  calls++;
  base = 1000;
}

void init_derived() {
  std::call_once(inner_flag, init_base);
  calls++;
  derived = base + 234;
}

static invisible_barrier together;

int main() {
  invisible_barrier_init(&together, 4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++)
    threads.emplace_back([t] {
      invisible_barrier_wait(&together);
      if (t % 2) {
        std::call_once(inner_flag, init_base);
        if (base != 1000)
          __builtin_trap();
      }
      std::call_once(outer_flag, init_derived);
      if (derived != 1234)
        __builtin_trap();
    });
  for (auto &t : threads)
    t.join();
  if (calls != 2)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
