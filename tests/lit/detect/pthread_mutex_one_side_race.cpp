// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// One thread updates under the mutex, the other forgets to lock: holding a
// lock on one side only orders nothing.
#include "vigil_test.h"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int balance;
static invisible_barrier order;

__attribute__((noinline)) void *careless(void *) {
  balance += 5; // PREV
  invisible_barrier_wait(&order);
  return nullptr;
}

__attribute__((noinline)) void *careful(void *) {
  invisible_barrier_wait(&order);
  pthread_mutex_lock(&mu);
  balance -= 3; // CUR
  pthread_mutex_unlock(&mu);
  return nullptr;
}

int main() {
  invisible_barrier_init(&order, 2);
  pthread_t a, b;
  pthread_create(&a, nullptr, careless, nullptr);
  pthread_create(&b, nullptr, careful, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 4 at {{.*}} by thread T{{[0-9]+}}{{( \(mutexes: write M[0-9]+\))?}}:
// CHECK: #0 careful(void*){{.*}}pthread_mutex_one_side_race.cpp:21:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 careless(void*){{.*}}pthread_mutex_one_side_race.cpp:13:
// CHECK: Location is global 'balance' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}pthread_mutex_one_side_race.cpp:21:{{[0-9]+}} in careful(void*)
