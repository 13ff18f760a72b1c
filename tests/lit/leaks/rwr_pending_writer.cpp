// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=GROUP < %t.out
// VERDICT: leak
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

// Two reports, in either order.
// CHECK:      started
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in rw_mutex {{lock_shared|lock}} at exit
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in rw_mutex {{lock_shared|lock}} at exit
// CHECK-NOT:  WARNING: vigil
// CHECK-NOT:  {{^}}read

// GROUP-DAG:  1 task is blocked in rw_mutex lock_shared at exit
// GROUP-DAG:  Blocked in rw_mutex lock_shared (task {{[0-9]+}}):
// GROUP-DAG:    #0 lookup() {{.*}}rwr_pending_writer.cpp:20:
// GROUP-DAG:    #1 main::$_0::operator()() const {{.*}}rwr_pending_writer.cpp:34:
// GROUP-DAG:  1 task is blocked in rw_mutex lock at exit
// GROUP-DAG:    #0 main::$_1::operator()() const {{.*}}rwr_pending_writer.cpp:40:
