// A joinable thread that is never joined nor detached is reported at exit;
// detached and joined threads are not. leak_check=0 turns it off.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_OPTIONS=leak_check=0 %expect_exit 0 1 %t 2>&1 | FileCheck %s --check-prefix=OFF
#include <pthread.h>

#include "vigil_test.h"

void *work(void *) { return nullptr; }

int main() {
  pthread_t leaked, joined, detached;
  pthread_create(&leaked, nullptr, work, nullptr);
  pthread_create(&joined, nullptr, work, nullptr);
  pthread_create(&detached, nullptr, work, nullptr);
  pthread_join(joined, nullptr);
  pthread_detach(detached);
  vigil_test_done();
}

// CHECK: DONE
// CHECK: WARNING: vigil: thread leak
// CHECK: Thread T1 was never joined nor detached.
// CHECK: Thread T1 (tid={{[0-9]+}}, {{running|finished}}) created by main thread at:
// CHECK: main {{.*}}thread_leak.cpp:14
// CHECK-NOT: WARNING: vigil
// OFF-NOT: WARNING: vigil
