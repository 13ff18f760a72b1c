// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Neighbouring 8-byte fields written in one stretch are checked as one range
// (the pass's coalescing of neighbouring accesses); a race on one of them is
// still reported for that field, with its own address and size.
#include "vigil_test.h"
#include <cstdio>
#include <thread>

struct account {
  long id;
  long balance;
  long limit;
};
account g_account;
static invisible_barrier order;

__attribute__((noinline)) void reader() {
  long b = g_account.balance; // PREV
  std::printf("balance %ld\n", b);
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void reset(account *a) {
  invisible_barrier_wait(&order);
  a->id = 7; // CUR (the first field's line: the range check's)
  a->balance = 0;
  a->limit = 100;
}

int main() {
  invisible_barrier_init(&order, 2);
  std::fprintf(stderr, "field at %p\n", static_cast<void *>(&g_account.balance));
  std::thread a(reader), b([] { reset(&g_account); });
  a.join();
  b.join();
  std::printf("limit %ld\n", g_account.limit);
}

// CHECK: field at [[ADDR:0x[0-9a-f]+]]
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 8 at [[ADDR]] by thread T{{[0-9]+}}:
// CHECK: #0 reset(account*){{.*}}adjacent_fields_race.cpp:2{{[67]}}:
// CHECK: Previous read of size 8 at [[ADDR]] by thread T{{[0-9]+}}:
// CHECK: #0 reader(){{.*}}adjacent_fields_race.cpp:19:
// CHECK: Location is global 'g_account' of size 24 at
// CHECK: limit 100
