// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Broken double-checked locking: the fast path reads the plain instance
// pointer without the lock, racing with its publication under the lock.
#include "vigil_test.h"
#include <mutex>
#include <thread>

struct settings {
  int verbosity = 2;
};

settings *instance;
std::mutex mu;
static invisible_barrier order;

__attribute__((noinline)) settings *get_settings() {
  if (!instance) { // CUR
    std::lock_guard<std::mutex> lock(mu);
    if (!instance)
      instance = new settings; // PREV
  }
  return instance;
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a([] {
    get_settings();
    invisible_barrier_wait(&order);
  });
  std::thread b([] {
    invisible_barrier_wait(&order);
    int v = get_settings()->verbosity;
    asm volatile("" : : "r"(v));
  });
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 get_settings(){{.*}}double_checked_locking_race.cpp:18:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 get_settings(){{.*}}double_checked_locking_race.cpp:21:
// CHECK: Location is global 'instance' of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}double_checked_locking_race.cpp:18:{{[0-9]+}} in get_settings()
