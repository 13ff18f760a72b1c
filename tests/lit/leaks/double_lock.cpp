// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
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

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   1 task waits for itself: it can never be woken.
// CHECK:        Task {{[0-9]+}} waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by this task itself:
// CHECK-NEXT:     #0 record() {{.*}}double_lock.cpp:13:
// CHECK-NEXT:     #1 handle() {{.*}}double_lock.cpp:20:
// (Reported once: at exit, or already while running — then one line at exit says so.)
// CHECK-NOT:  WARNING: vigil
