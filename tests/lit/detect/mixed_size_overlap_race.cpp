// RUN: %vigil_cxx -O0 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A 2-byte write into bytes 2..3 of an 8-byte word races with a 4-byte read
// of bytes 0..3 of the same word.
#include "vigil_test.h"
#include <cstdint>
#include <thread>

union word {
  uint64_t whole;
  uint32_t half[2];
  uint16_t quarter[4];
  uint8_t byte[8];
};

word w;
static invisible_barrier order;

__attribute__((noinline)) void write_quarter() {
  w.quarter[1] = 0xbeef; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void read_half() {
  invisible_barrier_wait(&order);
  uint32_t v = w.half[0]; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(write_quarter), b(read_half);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 read_half(){{.*}}mixed_size_overlap_race.cpp:26:
// CHECK: Previous write of size 2 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 write_quarter(){{.*}}mixed_size_overlap_race.cpp:20:
// CHECK: Location is global 'w' of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}mixed_size_overlap_race.cpp:26:{{[0-9]+}} in read_half()
