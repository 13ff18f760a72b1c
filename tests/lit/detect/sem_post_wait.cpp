// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// POSIX semaphores as a bounded queue: sem_post orders the producer's slot
// write before the consumer's read, whichever of sem_wait, sem_trywait,
// sem_timedwait (CLOCK_REALTIME) or sem_clockwait (CLOCK_MONOTONIC) consumed
// the post.
#include "vigil_test.h"
#include <cerrno>
#include <ctime>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>

constexpr int kSlots = 4;
constexpr int kItems = 200;
int ring[kSlots];
sem_t filled, empty;

static timespec soon(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  ts.tv_nsec += 200000;
  if (ts.tv_nsec >= 1000000000) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000;
  }
  return ts;
}

static void take(sem_t *s, int how) {
  timespec ts;
  switch (how) {
  case 0: while (sem_wait(s) != 0) {} break;
  case 1: while (sem_trywait(s) != 0) sched_yield(); break;
  case 2: for (ts = soon(CLOCK_REALTIME); sem_timedwait(s, &ts) != 0; ts = soon(CLOCK_REALTIME)) {} break;
  default: for (ts = soon(CLOCK_MONOTONIC); sem_clockwait(s, CLOCK_MONOTONIC, &ts) != 0; ts = soon(CLOCK_MONOTONIC)) {} break;
  }
}

void *producer(void *) {
  for (int i = 0; i < kItems; i++) {
    take(&empty, (i + 1) % 4);
    ring[i % kSlots] = i;
    sem_post(&filled);
  }
  return nullptr;
}

int main() {
  sem_init(&filled, 0, 0);
  sem_init(&empty, 0, kSlots);
  pthread_t p;
  pthread_create(&p, nullptr, producer, nullptr);
  long sum = 0;
  for (int i = 0; i < kItems; i++) {
    take(&filled, i % 4);
    sum += ring[i % kSlots];
    sem_post(&empty);
  }
  pthread_join(p, nullptr);
  sem_destroy(&filled);
  sem_destroy(&empty);
  if (sum != kItems * (kItems - 1) / 2)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
