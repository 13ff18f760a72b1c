// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// One thread writes a character of a std::string through operator[] while
// another reads the same character. operator[] and size() are inline header
// code and instrumented (most of std::string lives in libstdc++.so and is not;
// see docs/limitations.md).
#include "vigil_test.h"
#include <string>
#include <thread>

std::string *name;
static invisible_barrier order;

__attribute__((noinline)) void relabel() {
  (*name)[3] = 'X'; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void print() {
  invisible_barrier_wait(&order);
  char c = (*name)[3]; // CUR
  asm volatile("" : : "r"(c));
}

int main() {
  name = new std::string("a string longer than the small buffer");
  invisible_barrier_init(&order, 2);
  std::thread a(relabel), b(print);
  a.join();
  b.join();
  delete name;
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 1 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} print(){{.*}}string_race.cpp:21:
// CHECK: Previous write of size 1 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} relabel(){{.*}}string_race.cpp:15:
// CHECK: Location is heap block of size {{[0-9]+}} at
// CHECK: SUMMARY: vigil: data race {{.*}}string_race.cpp:21:{{[0-9]+}} in print()
