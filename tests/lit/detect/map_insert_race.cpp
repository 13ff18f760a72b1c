// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// std::map::insert racing with size(): the node count is updated by inline
// header code (the rebalancing in libstdc++.so is not instrumented).
#include "vigil_test.h"
#include <map>
#include <thread>

std::map<int, int> index_map;
static invisible_barrier order;

__attribute__((noinline)) void add() {
  index_map.emplace(42, 1); // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void count() {
  invisible_barrier_wait(&order);
  size_t n = index_map.size(); // CUR
  asm volatile("" : : "r"(n));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(add), b(count);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} count(){{.*}}map_insert_race.cpp:19:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} add(){{.*}}map_insert_race.cpp:13:
// CHECK: Location is global 'index_map' of size 48 at
// CHECK: SUMMARY: vigil: data race {{.*(stl_tree.h:[0-9]+|map_insert_race.cpp:19):[0-9]+}} in
