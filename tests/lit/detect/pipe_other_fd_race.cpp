// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The writer signals on one pipe but the reader waits on another one (filled
// earlier by main): a read(2) only synchronizes with writes to the same pipe.
#include "vigil_test.h"
#include <thread>
#include <unistd.h>

int job;
int pipe_a[2], pipe_b[2];
static invisible_barrier order;

__attribute__((noinline)) void signaller() {
  job = 3; // PREV
  char c = 'a';
  if (write(pipe_a[1], &c, 1) != 1)
    __builtin_trap();
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void waiter() {
  invisible_barrier_wait(&order);
  char c;
  if (read(pipe_b[0], &c, 1) != 1)
    __builtin_trap();
  int v = job; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  if (pipe(pipe_a) != 0 || pipe(pipe_b) != 0)
    return 1;
  char c = 'b';
  if (write(pipe_b[1], &c, 1) != 1)
    return 1;
  invisible_barrier_init(&order, 2);
  std::thread a(signaller), b(waiter);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 waiter(){{.*}}pipe_other_fd_race.cpp:26:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 signaller(){{.*}}pipe_other_fd_race.cpp:14:
// CHECK: Location is global 'job' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}pipe_other_fd_race.cpp:26:{{[0-9]+}} in waiter()
