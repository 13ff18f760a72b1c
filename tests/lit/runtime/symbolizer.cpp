// Without a symbolizer, stacks still show module+offset, and one line says
// why; symbolize=0 does the same silently.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: env VIGIL_OPTIONS=symbolizer_path=/nonexistent/llvm-symbolizer %run_race %t 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: env VIGIL_OPTIONS=symbolize=0 %run_race %t 2>&1 | FileCheck %s --check-prefix=OFF
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
}

// MISSING: vigil: symbolizer_path '/nonexistent/llvm-symbolizer' is not an executable file; stacks show module+offset only
// MISSING: WARNING: vigil: data race
// MISSING: #0 (symbolizer.cpp.tmp+0x{{[0-9a-f]+}})
// OFF-NOT: symbolizer
// OFF: WARNING: vigil: data race
// OFF: #0 (symbolizer.cpp.tmp+0x{{[0-9a-f]+}})
