// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// A once whose function needs a mutex held by a task that is itself waiting
// for the once: the initializer waits for the mutex, the mutex's holder
// waits in once::call for the initializer. The cycle runs through the once.
#include <vigil/vigil.h>
#include <cstdio>
#include <mutex>

vigil::once init;
vigil::mutex registry;
int table_size;

void load_table() {
  std::lock_guard l(registry);  // held by the registrar, which waits for us
  table_size = 64;
}

int main() {
  auto in_init = vigil::make_chan<int>(1);
  auto holding = vigil::make_chan<int>(1);
  vigil::go([=] {
    init.call([=] {
      in_init.send(1);
      holding.recv();
      load_table();
    });
  });
  vigil::go([=] {
    std::lock_guard l(registry);
    in_init.recv();
    holding.send(1);
    init.call(load_table);  // the initializer is running: wait for it
  });
  for (int i = 0; vigil::reports_made() == 0 && i < 100000; i++) vigil::sleep_for(std::chrono::milliseconds(1));
  std::printf("table %d\n", table_size);
}

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   2 tasks wait for each other in a cycle: none of them can ever be woken. The rest of the program runs on.
// CHECK:        Task [[A:[0-9]+]] waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by task [[B:[0-9]+]] (blocked in once):
// CHECK:          load_table() {{.*}}deadlock_once.cpp:15:
// CHECK:        Task [[B]] waits in once on vigil::once 0x{{[0-9a-f]+}}, its function run by task [[A]] (blocked in mutex lock):
// CHECK:          main::$_1::operator()() const {{.*}}deadlock_once.cpp:33:
// CHECK:      SUMMARY: vigil: deadlock (wait-for cycle)
// CHECK-NOT:  WARNING: vigil
// CHECK:      table 0
// CHECK-NOT:  WARNING: vigil
// CHECK:      vigil: 2 tasks still blocked as reported above (not repeated)
// CHECK-NOT:  WARNING: vigil
