// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// An object destroyed by its owner while a worker still uses it: the
// destructor's write races with the worker's read of the same member.
#include "vigil_test.h"
#include <thread>

static invisible_barrier order;

struct connection {
  int fd = 3;
  __attribute__((noinline)) ~connection() {
    fd = -1; // DTOR
  }
};

connection *conn;

__attribute__((noinline)) void worker() {
  int fd = conn->fd; // PREV
  asm volatile("" : : "r"(fd));
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void owner() {
  invisible_barrier_wait(&order);
  delete conn; // CUR
}

int main() {
  conn = new connection;
  invisible_barrier_init(&order, 2);
  std::thread a(worker), b(owner);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 connection::~connection(){{.*}}delete_while_used_race.cpp:13:
// CHECK-NEXT: #1 owner(){{.*}}delete_while_used_race.cpp:27:
// CHECK: Previous read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 worker(){{.*}}delete_while_used_race.cpp:20:
// CHECK: Location is heap block of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}delete_while_used_race.cpp:13:{{[0-9]+}} in connection::~connection()
