// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pthread_mutex_lock/unlock (static and dynamic initialization, default and
// error-checking mutexes) protecting shared counters.
#include "vigil_test.h"
#include <pthread.h>

pthread_mutex_t static_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t dynamic_mu;
long a_count, b_count;

void *work(void *) {
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&static_mu);
    a_count++;
    pthread_mutex_unlock(&static_mu);
    pthread_mutex_lock(&dynamic_mu);
    b_count += 2;
    pthread_mutex_unlock(&dynamic_mu);
  }
  return nullptr;
}

int main() {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&dynamic_mu, &attr);
  pthread_mutexattr_destroy(&attr);
  pthread_t t[4];
  for (auto &th : t)
    pthread_create(&th, nullptr, work, nullptr);
  for (auto &th : t)
    pthread_join(th, nullptr);
  pthread_mutex_destroy(&dynamic_mu);
  if (a_count != 2000 || b_count != 4000)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
