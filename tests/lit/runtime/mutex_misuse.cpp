// Misuse of pthread mutexes: unlock of an unlocked mutex, unlock of a mutex
// another thread holds, destroy of a locked mutex. Each is reported once with
// the offending stack (and, where known, where the mutex was locked).
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <thread>

#include "vigil_test.h"

pthread_mutex_t never_locked = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t held_elsewhere;
pthread_mutex_t destroyed_locked;

int main() {
  pthread_mutex_unlock(&never_locked);

  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&held_elsewhere, &attr);
  pthread_mutex_lock(&held_elsewhere);
  std::thread t([] { pthread_mutex_unlock(&held_elsewhere); });
  t.join();
  pthread_mutex_unlock(&held_elsewhere);

  pthread_mutex_init(&destroyed_locked, nullptr);
  pthread_mutex_lock(&destroyed_locked);
  pthread_mutex_destroy(&destroyed_locked);
  vigil_test_done();
}

// CHECK: WARNING: vigil: unlock of an unlocked mutex
// CHECK: #0 main {{.*}}mutex_misuse.cpp:16
// CHECK: SUMMARY: vigil: unlock of an unlocked mutex {{.*}}mutex_misuse.cpp:16
// CHECK: WARNING: vigil: unlock of a mutex held by another thread
// CHECK: previously locked by main thread:
// CHECK: #0 main {{.*}}mutex_misuse.cpp:22
// CHECK: WARNING: vigil: destroy of a locked mutex
// CHECK: #0 main {{.*}}mutex_misuse.cpp:29
// CHECK: previously locked by main thread:
// CHECK: #0 main {{.*}}mutex_misuse.cpp:28
// CHECK: DONE
