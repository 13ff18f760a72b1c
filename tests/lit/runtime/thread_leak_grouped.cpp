// Threads left joinable are grouped by where they were created: five from
// one loop are one report naming all five; another site is another report.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
#include <pthread.h>

#include "vigil_test.h"

void *work(void *) { return nullptr; }

int main() {
  pthread_t pool[5], other;
  for (pthread_t &t : pool) pthread_create(&t, nullptr, work, nullptr);
  pthread_create(&other, nullptr, work, nullptr);
  vigil_test_done();
}

// CHECK: DONE
// CHECK: WARNING: vigil: thread leak
// CHECK-NEXT: 5 threads created at the same place were never joined nor detached: T1, T2, T3, T4, T5.
// CHECK: created by main thread at:
// CHECK: main {{.*}}thread_leak_grouped.cpp:13
// CHECK: WARNING: vigil: thread leak
// CHECK-NEXT: Thread T6 was never joined nor detached.
// CHECK: main {{.*}}thread_leak_grouped.cpp:14
// CHECK-NOT: WARNING: vigil
