// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Detached threads (detached by the parent, by themselves, and created
// detached) report completion through a semaphore, which orders their writes
// before the main thread's reads.
#include "vigil_test.h"
#include <pthread.h>
#include <semaphore.h>

int results[3];
sem_t done;

void *work(void *arg) {
  long i = reinterpret_cast<long>(arg);
  if (i == 1)
    pthread_detach(pthread_self());
  results[i] = int(i) + 10;
  sem_post(&done);
  return nullptr;
}

int main() {
  sem_init(&done, 0, 0);
  pthread_t t;
  pthread_create(&t, nullptr, work, reinterpret_cast<void *>(0L));
  pthread_detach(t);
  pthread_create(&t, nullptr, work, reinterpret_cast<void *>(1L));
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&t, &attr, work, reinterpret_cast<void *>(2L));
  pthread_attr_destroy(&attr);
  for (int i = 0; i < 3; i++)
    sem_wait(&done);
  for (int i = 0; i < 3; i++)
    if (results[i] != i + 10)
      return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
