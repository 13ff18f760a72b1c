// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O0 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A virtual call in one thread concurrent with the object's destruction in
// another: the base-class destructor rewrites the vtable pointer that the
// virtual call read.
#include "vigil_test.h"
#include <thread>

static invisible_barrier order;

struct shape {
  virtual ~shape() { finish(); }
  __attribute__((noinline)) void finish() { asm volatile("" ::: "memory"); }
  virtual int sides() { return 0; }
};

struct square : shape {
  int sides() override { return 4; }
};

shape *obj;

__attribute__((noinline)) void caller() {
  int n = obj->sides(); // PREV
  asm volatile("" : : "r"(n));
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void destroyer() {
  invisible_barrier_wait(&order);
  delete obj; // CUR
}

int main() {
  obj = new square;
  invisible_barrier_init(&order, 2);
  std::thread a(caller), b(destroyer);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race on vptr (ctor/dtor vs virtual call)
// CHECK: Write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} destroyer(){{.*}}vptr_race.cpp:32:
// CHECK: Previous read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 caller(){{.*}}vptr_race.cpp:25:
// CHECK: Location is heap block of size 8 at
// CHECK: SUMMARY: vigil: data race on vptr (ctor/dtor vs virtual call) {{.*}}vptr_race.cpp:{{[0-9]+}}:{{[0-9]+}} in shape::~shape()
