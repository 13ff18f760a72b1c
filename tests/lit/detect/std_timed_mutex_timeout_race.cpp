// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// std::timed_mutex::try_lock_for that times out acquires nothing; the thread
// that proceeds anyway races with the holder.
#include "vigil_test.h"
#include <chrono>
#include <mutex>
#include <thread>

std::timed_mutex mu;
int config_value;
static invisible_barrier order;

__attribute__((noinline)) void holder() {
  std::lock_guard<std::timed_mutex> lock(mu);
  config_value = 5; // PREV
  invisible_barrier_wait(&order);
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void impatient() {
  invisible_barrier_wait(&order);
  if (mu.try_lock_for(std::chrono::milliseconds(5)))
    __builtin_trap();
  int v = config_value; // CUR
  asm volatile("" : : "r"(v));
  invisible_barrier_wait(&order);
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(holder), b(impatient);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 impatient(){{.*}}std_timed_mutex_timeout_race.cpp:25:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 holder(){{.*}}std_timed_mutex_timeout_race.cpp:16:
// CHECK: Location is global 'config_value' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}std_timed_mutex_timeout_race.cpp:25:{{[0-9]+}} in impatient()
