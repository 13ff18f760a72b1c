// Two mutexes taken in opposite orders by two threads (one after the other,
// so the run itself never deadlocks): a lock-order inversion is reported with
// both acquisition stacks. deadlock_check=0 turns it off.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_OPTIONS=deadlock_check=0 %expect_exit 0 1 %t 2>&1 | FileCheck %s --check-prefix=OFF
#include <mutex>
#include <thread>

#include "vigil_test.h"

std::mutex m1, m2;

__attribute__((noinline)) void first_then_second() {
  std::lock_guard<std::mutex> a(m1);
  std::lock_guard<std::mutex> b(m2);
}

__attribute__((noinline)) void second_then_first() {
  std::lock_guard<std::mutex> b(m2);
  std::lock_guard<std::mutex> a(m1);
}

int main() {
  std::thread t1(first_then_second);
  t1.join();
  std::thread t2(second_then_first);
  t2.join();
  vigil_test_done();
}

// CHECK: WARNING: vigil: lock-order inversion (potential deadlock)
// CHECK: Cycle in lock order graph: M{{0x[0-9a-f]+}} => M{{0x[0-9a-f]+}} => M{{0x[0-9a-f]+}}
// CHECK-DAG: first_then_second(){{.*}}lock_order.cpp:16
// CHECK-DAG: second_then_first(){{.*}}lock_order.cpp:21
// CHECK: SUMMARY: vigil: lock-order inversion (potential deadlock)
// OFF-NOT: WARNING: vigil
// OFF: DONE
