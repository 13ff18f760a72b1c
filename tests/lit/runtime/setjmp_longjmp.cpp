// longjmp and siglongjmp skip the exits of the frames they jump over: the
// shadow call stack is cut back to the frame that called setjmp, so report
// stacks carry no stale frames and the shadow stack does not grow. 100,000
// jumps out of three frames each, with setjmp, _setjmp and sigsetjmp (also
// out of a signal handler), then a race whose stacks are exactly main's.
// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O0 %s -o %t0 && %run_race %t0 2>&1 | FileCheck %s
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

#include "vigil_test.h"

static jmp_buf env;
static sigjmp_buf sigenv;
static int depth_reached;

__attribute__((noinline)) void jump_back(int how) {
  depth_reached++;
  if (how == 2) siglongjmp(sigenv, 1);
  if (how == 1) _longjmp(env, 1);
  longjmp(env, 1);
}
__attribute__((noinline)) void middle(int how) {
  depth_reached++;
  jump_back(how);
}
__attribute__((noinline)) void outer(int how) {
  depth_reached++;
  middle(how);
}

__attribute__((noinline)) int with_setjmp(int how) {
  if (how == 1 ? _setjmp(env) : setjmp(env)) return 1;
  outer(how);
  return 0;
}

static void on_signal(int) { outer(2); }

__attribute__((noinline)) int with_sigsetjmp() {
  if (sigsetjmp(sigenv, 1)) return 1;
  raise(SIGUSR1);  // the handler jumps back here
  return 0;
}

int shared;
static invisible_barrier order;

__attribute__((noinline)) void *writer(void *) {
  shared = 1;
  invisible_barrier_wait(&order);
  return nullptr;
}

__attribute__((noinline)) void reader() {
  invisible_barrier_wait(&order);
  int v = shared;
  asm volatile("" : : "r"(v));
}

int main() {
  signal(SIGUSR1, on_signal);
  int jumps = 0;
  for (int i = 0; i < 100000; i++) jumps += with_setjmp(i % 2);
  for (int i = 0; i < 1000; i++) jumps += with_sigsetjmp();
  fprintf(stderr, "jumps: %d\n", jumps);
  invisible_barrier_init(&order, 2);
  pthread_t t;
  pthread_create(&t, nullptr, writer, nullptr);
  reader();
  pthread_join(t, nullptr);
  return 0;
}

// CHECK: jumps: 101000
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 reader{{.*}}setjmp_longjmp.cpp
// CHECK-NEXT: #1 main{{.*}}setjmp_longjmp.cpp
// CHECK-NEXT: #2 __libc_start_call_main
// CHECK-EMPTY:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT: #0 writer{{.*}}setjmp_longjmp.cpp
// CHECK: Thread T{{[0-9]+}} (tid={{[0-9]+}}, {{running|finished}}) created by main thread at:
// CHECK-NEXT: #0 main{{.*}}setjmp_longjmp.cpp
// CHECK-NEXT: #1 __libc_start_call_main
