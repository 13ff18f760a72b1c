// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pthread_mutex_trylock: a successful trylock synchronizes like lock; the
// data is only touched when it succeeded.
#include "vigil_test.h"
#include <pthread.h>
#include <sched.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int shared_value;
int successes[2];

void *work(void *arg) {
  long id = reinterpret_cast<long>(arg);
  while (successes[id] < 200) {
    if (pthread_mutex_trylock(&mu) == 0) {
      shared_value++;
      successes[id]++;
      pthread_mutex_unlock(&mu);
    } else {
      sched_yield();
    }
  }
  return nullptr;
}

int main() {
  pthread_t a, b;
  pthread_create(&a, nullptr, work, reinterpret_cast<void *>(0L));
  pthread_create(&b, nullptr, work, reinterpret_cast<void *>(1L));
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  if (shared_value != 400)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
