// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// pthread_create orders the parent's earlier writes before the child;
// pthread_join orders the child's writes before the parent's later reads;
// the return value travels through join.
#include "vigil_test.h"
#include <pthread.h>

int input;
int output;

void *child(void *arg) {
  output = input * 2 + *static_cast<int *>(arg);
  return &output;
}

int main() {
  int arg = 1;
  for (int round = 0; round < 10; round++) {
    input = round;
    pthread_t t;
    pthread_create(&t, nullptr, child, &arg);
    void *ret;
    pthread_join(t, &ret);
    if (*static_cast<int *>(ret) != round * 2 + 1)
      return 1;
    arg = output & 1;
  }
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
