// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Each thread owns its own std::shared_ptr copy (the count is atomic), but the
// object they point to is written by both without synchronization.
#include "vigil_test.h"
#include <memory>
#include <thread>

struct counter {
  int hits = 0;
};

static invisible_barrier order;

__attribute__((noinline)) void first(std::shared_ptr<counter> c) {
  c->hits++; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void second(std::shared_ptr<counter> c) {
  invisible_barrier_wait(&order);
  c->hits++; // CUR
}

int main() {
  invisible_barrier_init(&order, 2);
  auto c = std::make_shared<counter>();
  std::thread a(first, c), b(second, c);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 second(std::shared_ptr<counter>){{.*}}shared_ptr_pointee_race.cpp:22:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 first(std::shared_ptr<counter>){{.*}}shared_ptr_pointee_race.cpp:16:
// CHECK: Location is heap block of size {{[0-9]+}} at {{.*}} allocated by {{main thread|thread T0}}:
// CHECK: SUMMARY: vigil: data race {{.*}}shared_ptr_pointee_race.cpp:22:{{[0-9]+}} in second(std::shared_ptr<counter>)
