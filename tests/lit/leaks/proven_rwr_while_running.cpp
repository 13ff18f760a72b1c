// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// Read-write-read while the program runs: a reader holds an rw_mutex shared
// and takes it shared again while a writer waits. The second lock_shared
// waits for the writer (a pending writer holds back new readers), the writer
// for the reader: a cycle through the readers a writer waits for, reported
// while main keeps running (it polls vigil::reports_made(): a handshake).
// The reader polls try_lock_shared until it fails, so the writer is
// certainly pending before the re-lock.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>

vigil::rw_mutex mu;
int table = 1;

int lookup() {
  mu.lock_shared();  // the caller already reads under mu
  int v = table;
  mu.unlock_shared();
  return v;
}

int main() {
  auto reading = vigil::make_chan<int>(1);
  vigil::go([reading] {
    mu.lock_shared();
    reading.send(1);
    while (mu.try_lock_shared()) {  // succeeds until the writer is pending
      mu.unlock_shared();
      vigil::sleep_for(std::chrono::milliseconds(1));
    }
    int v = lookup();
    mu.unlock_shared();
    std::printf("read %d\n", v);
  });
  vigil::go([reading] {
    reading.recv();
    mu.lock();
    table = 2;
    mu.unlock();
  });
  int rounds = 0;
  for (; vigil::reports_made() < 1 && rounds < 100000; rounds++) vigil::sleep_for(std::chrono::milliseconds(1));
  std::printf("main saw %u report while running\n", vigil::reports_made());
}

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   2 tasks wait for each other in a cycle: none of them can ever be woken. The rest of the program runs on.
// CHECK-DAG:  waits in rw_mutex lock_shared on vigil::rw_mutex 0x{{[0-9a-f]+}}, held or awaited by a writer: task {{[0-9]+}} (blocked in rw_mutex lock)
// CHECK-DAG:    #0 lookup() {{.*}}proven_rwr_while_running.cpp:18:
// CHECK-DAG:  waits in rw_mutex lock on vigil::rw_mutex 0x{{[0-9a-f]+}}, waiting for 1 reader to unlock_shared
// CHECK-DAG:    #0 main::$_1::operator()() const {{.*}}proven_rwr_while_running.cpp:39:
// CHECK:      main saw 1 report while running
// CHECK-NOT:  WARNING: vigil
