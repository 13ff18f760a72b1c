// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// std::unordered_map: a value updated through operator[] in one thread and
// read through at() in another.
#include "vigil_test.h"
#include <string>
#include <thread>
#include <unordered_map>

std::unordered_map<int, long> sessions;
static invisible_barrier order;

__attribute__((noinline)) void touch() {
  sessions[3] += 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void inspect() {
  invisible_barrier_wait(&order);
  long v = sessions.at(3); // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  for (int i = 0; i < 8; i++)
    sessions[i] = 0;
  invisible_barrier_init(&order, 2);
  std::thread a(touch), b(inspect);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} inspect(){{.*}}unordered_map_race.cpp:20:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} touch(){{.*}}unordered_map_race.cpp:14:
// CHECK: Location is heap block of size {{[0-9]+}} at
// CHECK: SUMMARY: vigil: data race {{.*}}unordered_map_race.cpp:20:{{[0-9]+}} in inspect()
