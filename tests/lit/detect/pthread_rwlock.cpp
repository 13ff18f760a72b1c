// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pthread_rwlock in all its acquisition forms: rdlock/wrlock, tryrdlock/
// trywrlock, timedrdlock/timedwrlock (CLOCK_REALTIME) and
// clockrdlock/clockwrlock (CLOCK_MONOTONIC).
#include "vigil_test.h"
#include <ctime>
#include <pthread.h>
#include <sched.h>

pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int data[4];

static timespec soon(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  ts.tv_sec += 1;
  return ts;
}

static void write_lock(int how) {
  timespec ts;
  switch (how) {
  case 0: pthread_rwlock_wrlock(&rw); break;
  case 1: while (pthread_rwlock_trywrlock(&rw) != 0) sched_yield(); break;
  case 2: ts = soon(CLOCK_REALTIME); while (pthread_rwlock_timedwrlock(&rw, &ts) != 0) ts = soon(CLOCK_REALTIME); break;
  default: ts = soon(CLOCK_MONOTONIC); while (pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &ts) != 0) ts = soon(CLOCK_MONOTONIC); break;
  }
}

static void read_lock(int how) {
  timespec ts;
  switch (how) {
  case 0: pthread_rwlock_rdlock(&rw); break;
  case 1: while (pthread_rwlock_tryrdlock(&rw) != 0) sched_yield(); break;
  case 2: ts = soon(CLOCK_REALTIME); while (pthread_rwlock_timedrdlock(&rw, &ts) != 0) ts = soon(CLOCK_REALTIME); break;
  default: ts = soon(CLOCK_MONOTONIC); while (pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &ts) != 0) ts = soon(CLOCK_MONOTONIC); break;
  }
}

void *writer(void *) {
  for (int i = 0; i < 200; i++) {
    write_lock(i % 4);
    data[i % 4] += 1;
    pthread_rwlock_unlock(&rw);
  }
  return nullptr;
}

void *reader(void *) {
  long sum = 0;
  for (int i = 0; i < 200; i++) {
    read_lock(i % 4);
    sum += data[(i + 1) % 4];
    pthread_rwlock_unlock(&rw);
  }
  return reinterpret_cast<void *>(sum);
}

int main() {
  pthread_t w1, w2, r1, r2;
  pthread_create(&w1, nullptr, writer, nullptr);
  pthread_create(&r1, nullptr, reader, nullptr);
  pthread_create(&w2, nullptr, writer, nullptr);
  pthread_create(&r2, nullptr, reader, nullptr);
  pthread_join(w1, nullptr);
  pthread_join(w2, nullptr);
  pthread_join(r1, nullptr);
  pthread_join(r2, nullptr);
  if (data[0] + data[1] + data[2] + data[3] != 400)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
