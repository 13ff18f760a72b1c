// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pthread_once: the initializer's writes are ordered before every return
// from pthread_once, in every thread.
#include "vigil_test.h"
#include <pthread.h>

pthread_once_t once = PTHREAD_ONCE_INIT;
int *table;
int init_calls;

void init_table() {
  init_calls++;
  table = new int[8];
  for (int i = 0; i < 8; i++)
    table[i] = i * i;
}

static invisible_barrier together;

void *user(void *) {
  invisible_barrier_wait(&together);
  pthread_once(&once, init_table);
  long sum = 0;
  for (int i = 0; i < 8; i++)
    sum += table[i];
  return reinterpret_cast<void *>(sum);
}

int main() {
  invisible_barrier_init(&together, 4);
  pthread_t t[4];
  for (auto &th : t)
    pthread_create(&th, nullptr, user, nullptr);
  for (auto &th : t) {
    void *sum;
    pthread_join(th, &sum);
    if (reinterpret_cast<long>(sum) != 140)
      return 1;
  }
  if (init_calls != 1)
    return 1;
  delete[] table;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
