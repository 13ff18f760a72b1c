// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A recursive pthread mutex locked at several depths; only the outermost
// unlock releases it, and the data is still protected between the inner
// unlock and the outer one.
#include "vigil_test.h"
#include <pthread.h>

pthread_mutex_t mu;
int depth_sum;

void nested(int depth) {
  pthread_mutex_lock(&mu);
  depth_sum += depth;
  if (depth < 3)
    nested(depth + 1);
  depth_sum -= 1; // after the inner unlock, still under the outer lock
  pthread_mutex_unlock(&mu);
}

void *work(void *) {
  for (int i = 0; i < 200; i++)
    nested(1);
  return nullptr;
}

int main() {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&mu, &attr);
  pthread_t a, b;
  pthread_create(&a, nullptr, work, nullptr);
  pthread_create(&b, nullptr, work, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  if (depth_sum != 400 * 3)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
