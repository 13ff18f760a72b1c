// Threads the runtime did not see being created are adopted at their first
// instrumented access: glibc's helper threads that run timer_create
// (SIGEV_THREAD) callbacks, and signal handlers that run on a thread while it
// starts. Adoption must not re-enter itself (its allocations and the
// runtime's own memset reach the interceptors), synchronization made there is
// followed, and a race with such a thread is reported with both stacks.
// RUN: %vigil_cxx -O1 %s -o %t -lrt
// RUN: %run_clean %t 2>&1 | FileCheck %s --check-prefix=CLEAN
// RUN: %run_race %t race 2>&1 | FileCheck %s --check-prefix=RACE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "vigil_test.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static sem_t fired;
static long ticks;         // under mu
static long unprotected;   // written by the callback, read by main: the race
static bool racy;
static invisible_barrier order;

__attribute__((noinline)) static void on_timer(union sigval) {
  char scratch[256];
  memset(scratch, 1, sizeof scratch);  // the runtime's memset, on a thread it does not know yet
  pthread_mutex_lock(&mu);
  bool first = ticks == 0;
  ticks += scratch[7];
  pthread_mutex_unlock(&mu);
  // racy was set before the timer was armed: the arming orders it.
  if (racy && first) {
    long seven = 7;
    asm volatile("" : "+r"(seven));  // not a constant: the global stays a long
    unprotected = seven; // PREV
    invisible_barrier_wait(&order);
  }
  sem_post(&fired);
}

static void timer_callbacks() {
  sem_init(&fired, 0, 0);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_THREAD;
  sev.sigev_notify_function = on_timer;
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, &sev, &t) != 0) {
    perror("timer_create");
    return;
  }
  for (int i = 0; i < 20; i++) {
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = 1000000;  // 1 ms, one shot: each firing is a new helper thread
    timer_settime(t, 0, &its, nullptr);
    if (racy && i == 0) {
      invisible_barrier_wait(&order);
      long v = unprotected; // CUR
      asm volatile("" : : "r"(v));
    }
    while (sem_wait(&fired) != 0) {
    }
  }
  timer_delete(t);
  pthread_mutex_lock(&mu);
  fprintf(stderr, "timer callbacks: %ld\n", ticks);
  pthread_mutex_unlock(&mu);
}

// Signals sent to the process at a high rate while threads start: a handler
// may run on a thread the runtime is registering.
static volatile sig_atomic_t signals_seen;
static void on_signal(int) {
  int local[8];
  memset(local, 0, sizeof local);
  signals_seen = signals_seen + 1 + local[3];
}
static void *noop(void *) { return nullptr; }

static void signals_while_threads_start() {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, nullptr);
  struct itimerval it = {{0, 50}, {0, 50}};
  setitimer(ITIMER_REAL, &it, nullptr);
  for (int i = 0; i < 300; i++) {
    pthread_t t;
    if (pthread_create(&t, nullptr, noop, nullptr) == 0) pthread_join(t, nullptr);
  }
  struct itimerval off = {};
  setitimer(ITIMER_REAL, &off, nullptr);
  fprintf(stderr, "threads started under signals\n");
}

int main(int argc, char **argv) {
  racy = argc > 1;
  invisible_barrier_init(&order, 2);
  timer_callbacks();
  if (!racy) signals_while_threads_start();
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: timer callbacks: 20
// CLEAN-NEXT: threads started under signals
// CLEAN-NEXT: done

// RACE: WARNING: vigil: data race
// RACE: Read of size 8 at {{.*}} by main thread:
// RACE: #0 timer_callbacks{{.*}}unseen_threads.cpp:[[@LINE-54]]
// RACE: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// RACE: #0 on_timer{{.*}}unseen_threads.cpp:[[@LINE-80]]
// RACE: done
