// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Sixteen threads read x; the fifteen newest readers then hand off to the
// writer through a semaphore, but the oldest reader does not. The write races
// only with the oldest read. ThreadSanitizer keeps four shadow cells per
// 8 bytes, evicts the oldest read and misses this race; vigil keeps every
// read that is concurrent with a write.
#include "vigil_test.h"
#include <pthread.h>
#include <semaphore.h>

constexpr int kReaders = 16;
int x;
sem_t handoff;
static invisible_barrier first_read_done;

__attribute__((noinline)) void *oldest_reader(void *) {
  int v = x; // PREV
  asm volatile("" : : "r"(v));
  invisible_barrier_wait(&first_read_done);
  return nullptr;
}

__attribute__((noinline)) void *newer_reader(void *) {
  invisible_barrier_wait(&first_read_done);
  int v = x;
  asm volatile("" : : "r"(v));
  sem_post(&handoff);
  return nullptr;
}

__attribute__((noinline)) void *writer(void *) {
  for (int i = 1; i < kReaders; i++)
    sem_wait(&handoff);
  x = 1; // CUR
  return nullptr;
}

int main() {
  sem_init(&handoff, 0, 0);
  invisible_barrier_init(&first_read_done, kReaders);
  pthread_t readers[kReaders], w;
  pthread_create(&w, nullptr, writer, nullptr);
  pthread_create(&readers[0], nullptr, oldest_reader, nullptr);
  for (int i = 1; i < kReaders; i++)
    pthread_create(&readers[i], nullptr, newer_reader, nullptr);
  for (auto &r : readers)
    pthread_join(r, nullptr);
  pthread_join(w, nullptr);
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 writer(void*){{.*}}many_readers_oldest_race.cpp:35:
// CHECK: Previous read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 oldest_reader(void*){{.*}}many_readers_oldest_race.cpp:18:
// CHECK: Location is global 'x' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}many_readers_oldest_race.cpp:35:{{[0-9]+}} in writer(void*)
// CHECK-NOT: newer_reader
