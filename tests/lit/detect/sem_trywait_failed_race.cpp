// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// sem_trywait that fails (EAGAIN) consumed no post and synchronizes nothing;
// the reader that proceeds anyway races with the producer. The producer's
// later sem_post cannot order the earlier read either.
#include "vigil_test.h"
#include <pthread.h>
#include <semaphore.h>

sem_t ready;
int message;
static invisible_barrier order;

__attribute__((noinline)) void *producer(void *) {
  message = 17; // PREV
  invisible_barrier_wait(&order);
  invisible_barrier_wait(&order);
  sem_post(&ready);
  return nullptr;
}

__attribute__((noinline)) void *consumer(void *) {
  invisible_barrier_wait(&order);
  if (sem_trywait(&ready) == 0)
    __builtin_trap();
  int v = message; // CUR
  asm volatile("" : : "r"(v));
  invisible_barrier_wait(&order);
  sem_wait(&ready);
  return nullptr;
}

int main() {
  sem_init(&ready, 0, 0);
  invisible_barrier_init(&order, 2);
  pthread_t a, b;
  pthread_create(&a, nullptr, producer, nullptr);
  pthread_create(&b, nullptr, consumer, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 consumer(void*){{.*}}sem_trywait_failed_race.cpp:26:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 producer(void*){{.*}}sem_trywait_failed_race.cpp:15:
// CHECK: Location is global 'message' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}sem_trywait_failed_race.cpp:26:{{[0-9]+}} in consumer(void*)
