// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=GROUP < %t.out
// VERDICT: deadlock
// Read-write-read with a pending writer (GoKer: resource deadlock, RWR):
// a reader holds the rw_mutex shared and, through a helper,
// takes it shared again while a writer waits. A pending writer stops new
// readers (no writer starvation), so the second lock_shared waits for the
// writer, which waits for the first. The reader polls try_lock_shared until
// it fails, so the writer is certainly pending before the re-lock.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>

vigil::rw_mutex mu;
int table = 1;
vigil::chan<int> reader_in = vigil::make_chan<int>(1);

int lookup() {
  mu.lock_shared();  // the caller already reads under mu
  int v = table;
  mu.unlock_shared();
  return v;
}

int main() {
  vigil::go([] {
    mu.lock_shared();
    reader_in.send(1);
    while (mu.try_lock_shared()) {  // succeeds until the writer is pending
      mu.unlock_shared();
      vigil::sleep_for(std::chrono::milliseconds(1));
    }
    int v = lookup();
    mu.unlock_shared();
    std::printf("read %d\n", v);
  });
  vigil::go([] {
    reader_in.recv();
    mu.lock();
    table = 2;
    mu.unlock();
  });
  std::printf("started\n");
}

// One deadlock (the writer waits for the reader's share, the reader's second
// lock_shared for the writer), found as the program ends (or just before).
// CHECK:      started
// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   2 tasks wait for each other in a cycle: none of them can ever be woken.
// CHECK-NOT:  WARNING: vigil
// CHECK-NOT:  {{^}}read

// GROUP-DAG:  waits in rw_mutex lock_shared on vigil::rw_mutex 0x{{[0-9a-f]+}}, held or awaited by a writer: task {{[0-9]+}} (blocked in rw_mutex lock):
// GROUP-DAG:    #0 lookup() {{.*}}rwr_pending_writer.cpp:20:
// GROUP-DAG:    #1 main::$_0::operator()() const {{.*}}rwr_pending_writer.cpp:34:
// GROUP-DAG:  waits in rw_mutex lock on vigil::rw_mutex 0x{{[0-9a-f]+}}, waiting for 1 reader to unlock_shared:
// GROUP-DAG:    #0 main::$_1::operator()() const {{.*}}rwr_pending_writer.cpp:40:
