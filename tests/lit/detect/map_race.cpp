// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// std::map: one thread updates a mapped value found with operator[] while
// another reads it with find(); the lookup and the value are header code.
#include "vigil_test.h"
#include <map>
#include <thread>

std::map<int, int> prices;
static invisible_barrier order;

__attribute__((noinline)) void update() {
  prices[7] = 99; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void query() {
  invisible_barrier_wait(&order);
  auto it = prices.find(7);
  int v = it->second; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  for (int i = 0; i < 16; i++)
    prices[i] = i;
  invisible_barrier_init(&order, 2);
  std::thread a(update), b(query);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 query(){{.*}}map_race.cpp:20:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 update(){{.*}}map_race.cpp:13:
// CHECK: Location is heap block of size {{[0-9]+}} at {{.*}} allocated by {{main thread|thread T0}}:
// CHECK: SUMMARY: vigil: data race {{.*}}map_race.cpp:20:{{[0-9]+}} in query()
