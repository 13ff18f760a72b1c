// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// Double locking (GoKer: resource deadlock): a helper locks the mutex its
// caller already holds; vigil::mutex is not recursive, so the task blocks on
// itself forever.
#include <vigil/vigil.h>
#include <cstdio>

vigil::mutex mu;
int hits;

void record() {
  mu.lock();  // already held by the caller
  hits++;
  mu.unlock();
}

void handle() {
  mu.lock();
  record();
  mu.unlock();
}

int main() {
  vigil::go(handle);
  vigil::sleep_for(std::chrono::milliseconds(20));
  std::printf("hits %d\n", hits);
}

// CHECK:      hits 0
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in mutex lock at exit
// CHECK:        Blocked in mutex lock (task {{[0-9]+}}):
// CHECK-NEXT:     #0 record() {{.*}}double_lock.cpp:13:
// CHECK-NEXT:     #1 handle() {{.*}}double_lock.cpp:20:
// CHECK-NOT:  WARNING: vigil
