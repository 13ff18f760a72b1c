// RUN: %vigil_cxx -O0 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// One thread initializes through std::call_once; another reads the result
// without going through call_once, so nothing orders it after the init.
#include "vigil_test.h"
#include <mutex>
#include <thread>

std::once_flag flag;
int limit;
static invisible_barrier order;

__attribute__((noinline)) void init_limit() {
  limit = 64; // PREV
}

__attribute__((noinline)) void initializer() {
  std::call_once(flag, init_limit);
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void shortcut() {
  invisible_barrier_wait(&order);
  int v = limit; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(initializer), b(shortcut);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 shortcut(){{.*}}call_once_bypass_race.cpp:24:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 init_limit(){{.*}}call_once_bypass_race.cpp:14:
// CHECK: Location is global 'limit' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}call_once_bypass_race.cpp:24:{{[0-9]+}} in shortcut()
