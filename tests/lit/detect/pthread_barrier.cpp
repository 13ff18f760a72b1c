// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pthread_barrier_wait: every write before the barrier is ordered before every
// read after it, phase after phase (stencil-style double buffering).
#include "vigil_test.h"
#include <pthread.h>

constexpr int kThreads = 4;
constexpr int kPhases = 20;
pthread_barrier_t barrier;
int cells[2][kThreads];

void *work(void *arg) {
  long id = reinterpret_cast<long>(arg);
  for (int phase = 0; phase < kPhases; phase++) {
    int cur = phase % 2, next = 1 - cur;
    int left = cells[cur][(id + kThreads - 1) % kThreads];
    int right = cells[cur][(id + 1) % kThreads];
    cells[next][id] = (left + right) / 2 + 1;
    pthread_barrier_wait(&barrier);
  }
  return nullptr;
}

int main() {
  pthread_barrier_init(&barrier, nullptr, kThreads);
  pthread_t t[kThreads];
  for (long i = 0; i < kThreads; i++)
    pthread_create(&t[i], nullptr, work, reinterpret_cast<void *>(i));
  for (auto &th : t)
    pthread_join(th, nullptr);
  pthread_barrier_destroy(&barrier);
  if (cells[0][0] != kPhases)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
