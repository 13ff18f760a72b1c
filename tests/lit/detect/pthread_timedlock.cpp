// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pthread_mutex_timedlock and pthread_mutex_clocklock: successful acquisitions
// synchronize; timeouts are retried and never touch the data.
#include "vigil_test.h"
#include <ctime>
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int value;

static timespec soon(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  ts.tv_nsec += 1000000;
  if (ts.tv_nsec >= 1000000000) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000;
  }
  return ts;
}

void *work(void *arg) {
  bool use_clock = arg != nullptr;
  for (int i = 0; i < 200; i++) {
    for (;;) {
      timespec ts = soon(use_clock ? CLOCK_MONOTONIC : CLOCK_REALTIME);
      int rc = use_clock ? pthread_mutex_clocklock(&mu, CLOCK_MONOTONIC, &ts)
                         : pthread_mutex_timedlock(&mu, &ts);
      if (rc == 0)
        break;
    }
    value++;
    pthread_mutex_unlock(&mu);
  }
  return nullptr;
}

int main() {
  pthread_t a, b;
  pthread_create(&a, nullptr, work, nullptr);
  pthread_create(&b, nullptr, work, &mu);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  if (value != 400)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
