// vigil's own mutexes are in the lock-order graph, with pthread/std mutexes:
// two tasks take two vigil::mutex in opposite orders, one after the other
// (the run never deadlocks), and a task and a thread do the same with a
// vigil::rw_mutex and a std::mutex. Each inversion is reported with both
// acquisition stacks. deadlock_check=0 turns it off.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_OPTIONS=deadlock_check=0 %expect_exit 0 1 %t 2>&1 | FileCheck %s --check-prefix=OFF
// VERDICT: race
#include <vigil/vigil.h>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

vigil::mutex accounts, ledger;
vigil::rw_mutex routes;
std::mutex stats;
int balance;

__attribute__((noinline)) void transfer() {
  std::lock_guard a(accounts);
  std::lock_guard l(ledger);
  balance++;
}

__attribute__((noinline)) void audit() {
  std::lock_guard l(ledger);
  std::lock_guard a(accounts);
  balance--;
}

__attribute__((noinline)) void reroute() {
  std::unique_lock w(routes);
  std::lock_guard s(stats);
}

__attribute__((noinline)) void report_stats() {
  std::lock_guard s(stats);
  std::shared_lock r(routes);
}

int main() {
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    transfer();
    wg.done();
  });
  wg.wait();
  wg.add(1);
  vigil::go([&] {
    audit();
    wg.done();
  });
  wg.wait();
  wg.add(1);
  vigil::go([&] {
    reroute();
    wg.done();
  });
  wg.wait();
  std::thread t(report_stats);
  t.join();
  std::printf("DONE %d\n", balance);
}

// CHECK: WARNING: vigil: lock-order inversion (potential deadlock)
// CHECK: Cycle in lock order graph: M{{0x[0-9a-f]+}} => M{{0x[0-9a-f]+}} => M{{0x[0-9a-f]+}}
// CHECK-DAG: transfer(){{.*}}lock_order_vigil_mutex.cpp:23
// CHECK-DAG: audit(){{.*}}lock_order_vigil_mutex.cpp:29
// CHECK: SUMMARY: vigil: lock-order inversion (potential deadlock)
// CHECK: WARNING: vigil: lock-order inversion (potential deadlock)
// CHECK-DAG: reroute(){{.*}}lock_order_vigil_mutex.cpp:35
// CHECK-DAG: report_stats(){{.*}}lock_order_vigil_mutex.cpp:40
// CHECK: SUMMARY: vigil: lock-order inversion (potential deadlock)
// CHECK-NOT: WARNING: vigil
// CHECK: DONE 0
// OFF-NOT: WARNING: vigil
// OFF: DONE 0
