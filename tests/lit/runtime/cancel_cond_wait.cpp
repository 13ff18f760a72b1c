// A thread cancelled while it waits on a condition variable: glibc re-acquires
// the mutex before the thread's cleanup handlers run, and the handler unlocks
// it. That unlock is correct (no "unlock of an unlocked mutex"), and what the
// cancelled thread did under the mutex happens before the next lock of it.
// Also: cancellation at other cancellation points (sem_wait, read, sleep) and
// with pthread_cond_timedwait.
// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int guarded;  // under mu
static int waiting;  // under mu: how many threads wait on cv
static sem_t never;

static void unlock_mu(void *) { pthread_mutex_unlock(&mu); }

static void *wait_forever(void *timed) {
  pthread_mutex_lock(&mu);
  pthread_cleanup_push(unlock_mu, nullptr);
  guarded++;
  waiting++;
  for (;;) {
    if (timed) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_sec += 3600;
      pthread_cond_timedwait(&cv, &mu, &ts);
    } else {
      pthread_cond_wait(&cv, &mu);
    }
  }
  pthread_cleanup_pop(1);
  return nullptr;
}

static void *block_in_sem(void *) {
  pthread_mutex_lock(&mu);
  guarded++;
  pthread_mutex_unlock(&mu);
  while (sem_wait(&never) != 0) {
  }
  return nullptr;
}

static void *block_in_read(void *) {
  int fds[2];
  if (pipe(fds) != 0) return nullptr;
  pthread_mutex_lock(&mu);
  guarded++;
  pthread_mutex_unlock(&mu);
  char c;
  for (;;) (void)read(fds[0], &c, 1);
  return nullptr;
}

static void cancel_and_join(void *(*fn)(void *), void *arg, bool waits_on_cv) {
  pthread_t t;
  pthread_create(&t, nullptr, fn, arg);
  // Cancel only once the thread is inside its blocking call (or about to be).
  for (;;) {
    pthread_mutex_lock(&mu);
    bool ready = waits_on_cv ? waiting > 0 : guarded > 0;
    pthread_mutex_unlock(&mu);
    if (ready) break;
    usleep(1000);
  }
  usleep(10000);
  pthread_cancel(t);
  void *ret;
  pthread_join(t, &ret);
  pthread_mutex_lock(&mu);
  guarded = 0;
  waiting = 0;
  pthread_mutex_unlock(&mu);
  fprintf(stderr, "%s\n", ret == PTHREAD_CANCELED ? "cancelled" : "not cancelled");
}

int main() {
  sem_init(&never, 0, 0);
  cancel_and_join(wait_forever, nullptr, true);
  cancel_and_join(wait_forever, &never, true);
  cancel_and_join(block_in_sem, nullptr, false);
  cancel_and_join(block_in_read, nullptr, false);
  fprintf(stderr, "done\n");
  return 0;
}

// CHECK-NOT: vigil
// CHECK: cancelled
// CHECK-NEXT: cancelled
// CHECK-NEXT: cancelled
// CHECK-NEXT: cancelled
// CHECK-NEXT: done
