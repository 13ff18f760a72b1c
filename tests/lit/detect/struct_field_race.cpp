// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Two threads write the same member of a shared struct.
#include "vigil_test.h"
#include <thread>

struct account {
  int id;
  long balance;
  short flags;
};

account the_account;
static invisible_barrier order;

__attribute__((noinline)) void deposit(account *a) {
  a->balance += 10; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void withdraw(account *a) {
  invisible_barrier_wait(&order);
  a->balance -= 5; // CUR
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(deposit, &the_account), b(withdraw, &the_account);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 withdraw(account*){{.*}}struct_field_race.cpp:23:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 deposit(account*){{.*}}struct_field_race.cpp:17:
// CHECK: Location is global 'the_account' of size 24 at
// CHECK: SUMMARY: vigil: data race {{.*}}struct_field_race.cpp:23:{{[0-9]+}} in withdraw(account*)
