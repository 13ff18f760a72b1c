// exit() called from a thread (or from a task) ends the program there: that
// thread is not reported as a thread leak of its own. A joinable thread that
// was really left behind still is.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %run_clean %t thread 2>&1 | FileCheck %s --check-prefix=CLEAN
// RUN: %run_clean %t task 2>&1 | FileCheck %s --check-prefix=CLEAN
// RUN: %run_race %t thread-and-leak 2>&1 | FileCheck %s --check-prefix=LEAK
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vigil/vigil.h>

static void *finish_at_once(void *) { return nullptr; }

static void *call_exit(void *) {
  fprintf(stderr, "exiting from a thread\n");
  exit(0);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "thread";
  if (strcmp(mode, "task") == 0) {
    vigil::go([] {
      fprintf(stderr, "exiting from a task\n");
      exit(0);
    });
    for (;;) pause();
  }
  if (strcmp(mode, "thread-and-leak") == 0) {
    pthread_t left;
    pthread_create(&left, nullptr, finish_at_once, nullptr);  // LEFT
  }
  pthread_t t;
  pthread_create(&t, nullptr, call_exit, nullptr);
  pthread_join(t, nullptr);
  return 1;
}

// CLEAN: exiting from a {{thread|task}}
// CLEAN-NOT: vigil

// LEAK: exiting from a thread
// LEAK: WARNING: vigil: thread leak
// LEAK: Thread T1 was never joined nor detached.
// LEAK: main {{.*}}exit_from_thread.cpp:[[@LINE-14]]
// LEAK-NOT: WARNING: vigil
