// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=GROUP < %t.out
// VERDICT: leak
// A once whose function blocks forever (GoKer: communication deadlock
// through sync.Once): the first caller's init waits for a config that never
// comes; every later caller blocks in call() waiting for it to finish.
#include <vigil/vigil.h>
#include <cstdio>

vigil::once init;
vigil::chan<int> config = vigil::make_chan<int>();      // nobody sends
vigil::chan<bool> init_started = vigil::make_chan<bool>(1);

void load_config() {
  init_started.send(true);
  config.recv();
}

void serve() { init.call(load_config); }

int main() {
  vigil::go(serve);
  init_started.recv();  // the first caller runs the function
  for (int i = 0; i < 2; i++) vigil::go(serve);
  std::printf("serving\n");
}

// Two reports, in either order.
// CHECK:      serving
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   {{1 task is blocked in chan receive|2 tasks are blocked in once}} at exit
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   {{1 task is blocked in chan receive|2 tasks are blocked in once}} at exit
// CHECK-NOT:  WARNING: vigil

// GROUP-DAG:  1 task is blocked in chan receive at exit
// GROUP-DAG:    #0 load_config() {{.*}}once_blocks_forever.cpp:17:
// GROUP-DAG:    #{{[1-9][0-9]*}} serve() {{.*}}once_blocks_forever.cpp:20:
// GROUP-DAG:  On chan<int> (unbuffered), made at:
// GROUP-DAG:  2 tasks are blocked in once at exit
// GROUP-DAG:  Blocked in once (task {{[0-9]+}} and 1 more like it):
// GROUP-DAG:    #0 serve() {{.*}}once_blocks_forever.cpp:20:
