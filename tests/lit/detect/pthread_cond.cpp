// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pthread_cond_wait / pthread_cond_timedwait / pthread_cond_signal /
// pthread_cond_broadcast, including a condition variable on CLOCK_MONOTONIC
// (pthread_condattr_setclock).
#include "vigil_test.h"
#include <ctime>
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
pthread_cond_t mono_cond;
int items;
int box[8];
int taken;

void *consumer(void *) {
  for (int n = 0; n < 4; n++) {
    pthread_mutex_lock(&mu);
    while (items == 0) {
      if (n % 2) {
        pthread_cond_wait(&cond, &mu);
      } else {
        timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += 500000;
        if (ts.tv_nsec >= 1000000000) {
          ts.tv_sec++;
          ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&mono_cond, &mu, &ts);
      }
    }
    items--;
    int v = box[items];
    pthread_mutex_unlock(&mu);
    __atomic_fetch_add(&taken, v, __ATOMIC_RELAXED);
  }
  return nullptr;
}

int main() {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&mono_cond, &attr);
  pthread_t a, b;
  pthread_create(&a, nullptr, consumer, nullptr);
  pthread_create(&b, nullptr, consumer, nullptr);
  for (int i = 0; i < 8; i++) {
    pthread_mutex_lock(&mu);
    box[items++] = 1;
    if (i % 3 == 0)
      pthread_cond_broadcast(&cond);
    else
      pthread_cond_signal(&cond);
    pthread_cond_signal(&mono_cond);
    pthread_mutex_unlock(&mu);
  }
  pthread_mutex_lock(&mu);
  pthread_cond_broadcast(&cond);
  pthread_mutex_unlock(&mu);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  pthread_cond_destroy(&mono_cond);
  if (taken != 8)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
