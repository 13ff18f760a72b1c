// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// blocking(f) hands the worker's other tasks off while f runs; it is no lock
// and no edge: two tasks whose blocking calls write one variable race, on one
// worker as on eight.
#include <vigil/vigil.h>

#include <cstdio>

#include <unistd.h>

int last_status;

int main() {
  vigil::wait_group wg;
  for (int i = 0; i < 2; i++) {
    wg.add(1);
    vigil::go([&wg, i] {
      vigil::blocking([i] {
        usleep(1000);  // a system call that blocks the thread
        last_status = i;  // CUR, PREV (two tasks, one line)
      });
      wg.done();
    });
  }
  wg.wait();
  std::printf("status %d\n", last_status);
}
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}blocking_no_edge_race.cpp:24
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}blocking_no_edge_race.cpp:24
// CHECK: SUMMARY: vigil: data race {{.*}}blocking_no_edge_race.cpp:24
