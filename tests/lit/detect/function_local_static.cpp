// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O0 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Function-local statics with dynamic initialization (__cxa_guard_acquire /
// __cxa_guard_release): the initializer's writes are ordered before every
// use, also in threads that found the static already initialized.
#include "vigil_test.h"
#include <string>
#include <thread>
#include <vector>

struct registry {
  int entries[16];
  registry() {
    for (int i = 0; i < 16; i++)
      entries[i] = i * 3;
  }
};

__attribute__((noinline)) registry &get_registry() {
  static registry instance;
  return instance;
}

__attribute__((noinline)) int &get_counter_base() {
  static int base = int(get_registry().entries[5]) + 1; // 16
  return base;
}

static invisible_barrier together;

int main() {
  invisible_barrier_init(&together, 4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++)
    threads.emplace_back([] {
      invisible_barrier_wait(&together);
      int sum = 0;
      for (int i = 0; i < 16; i++)
        sum += get_registry().entries[i];
      if (sum != 360 || get_counter_base() != 16)
        __builtin_trap();
    });
  for (auto &t : threads)
    t.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
