// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=GROUP < %t.out
// VERDICT: leak
// Channel & WaitGroup (GoKer: mixed deadlock, in a shutdown):
// the workers call done() when the stop channel is closed, but
// the shutdown task waits for them before it closes stop. The workers block
// in select, the shutdown task in wait().
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::wait_group wg;
vigil::chan<int> jobs = vigil::make_chan<int>();
vigil::chan<bool> stop = vigil::make_chan<bool>();

void worker() {
  for (;;) {
    bool stopping = false;
    vigil::select(vigil::on_recv(jobs, [](std::optional<int>) {}),
                  vigil::on_recv(stop, [&](std::optional<bool>) { stopping = true; }));
    if (stopping) break;
  }
  wg.done();
}

void shutdown() {
  wg.wait();  // the workers wait for the close below
  stop.close();
}

int main() {
  for (int i = 0; i < 3; i++) {
    wg.add(1);
    vigil::go(worker);
  }
  for (int i = 0; i < 6; i++) jobs.send(i);
  vigil::go(shutdown);
  std::printf("shutting down\n");
}

// Two reports, in either order.
// CHECK:      shutting down
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   {{1 task is blocked in wait_group wait|3 tasks are blocked in select}} at exit
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   {{1 task is blocked in wait_group wait|3 tasks are blocked in select}} at exit
// CHECK-NOT:  WARNING: vigil

// GROUP-DAG:  3 tasks are blocked in select at exit
// GROUP-DAG:  Blocked in select (task {{[0-9]+}} and 2 more like it):
// GROUP-DAG:    #0 worker() {{.*}}wait_before_stop_close.cpp:20:
// GROUP-DAG:  1 task is blocked in wait_group wait at exit
// GROUP-DAG:    #0 shutdown() {{.*}}wait_before_stop_close.cpp:28:
