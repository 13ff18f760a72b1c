// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A failed pthread_mutex_trylock synchronizes nothing: the thread that did not
// get the lock and reads anyway races with the holder's write.
#include "vigil_test.h"
#include <cerrno>
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int guarded;
static invisible_barrier order;

__attribute__((noinline)) void *holder(void *) {
  pthread_mutex_lock(&mu);
  guarded = 1; // PREV
  invisible_barrier_wait(&order); // the other thread's trylock fails now
  invisible_barrier_wait(&order);
  pthread_mutex_unlock(&mu);
  return nullptr;
}

__attribute__((noinline)) void *prober(void *) {
  invisible_barrier_wait(&order);
  if (pthread_mutex_trylock(&mu) != EBUSY)
    __builtin_trap();
  int v = guarded; // CUR
  asm volatile("" : : "r"(v));
  invisible_barrier_wait(&order);
  return nullptr;
}

int main() {
  invisible_barrier_init(&order, 2);
  pthread_t a, b;
  pthread_create(&a, nullptr, holder, nullptr);
  pthread_create(&b, nullptr, prober, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 prober(void*){{.*}}pthread_trylock_failed_race.cpp:26:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}{{.*}}:
// CHECK: #0 holder(void*){{.*}}pthread_trylock_failed_race.cpp:15:
// CHECK: Location is global 'guarded' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}pthread_trylock_failed_race.cpp:26:{{[0-9]+}} in prober(void*)
