// Under an address-space limit (ulimit -v): too small a limit stops the
// program with one line saying what could not be reserved, the limit and
// what is needed (not an internal CHECK); a limit that allows a run at all
// gets one (the runtime's heap reserves less address space).
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %expect_exit 70 1 sh -c 'ulimit -v 500000 && exec %t' 2>&1 | FileCheck %s --check-prefix=SMALL
// RUN: %expect_exit 66 1 sh -c 'ulimit -v 16000000 && exec %t' 2>&1 | FileCheck %s --check-prefix=ENOUGH
#include <thread>

#include "vigil_test.h"

int shared;
invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    shared = 1;
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  shared = 2;
  t.join();
  return 0;
}

// SMALL: vigil: cannot reserve {{[0-9]+}} MiB of address space for {{.*}} (Cannot allocate memory): the address-space limit (ulimit -v) is 500000 KiB. {{.*}} Run it with `ulimit -v unlimited`
// SMALL-NOT: CHECK failed

// ENOUGH: WARNING: vigil: data race
// ENOUGH-NOT: cannot reserve
