// halt_on_error stops at the first report; log_path sends text reports to
// PATH.<pid>; exitcode changes the status of a run with reports.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %expect_exit 66 1 %t 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: env VIGIL_OPTIONS=halt_on_error=1 %expect_exit 66 1 %t 2>&1 | FileCheck %s --check-prefix=HALT
// RUN: env VIGIL_OPTIONS=exitcode=7 %expect_exit 7 1 %t 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: rm -f %t.log.*
// RUN: env VIGIL_OPTIONS=log_path=%t.log %expect_exit 66 1 %t 2>&1 | FileCheck %s --check-prefix=QUIET
// RUN: cat %t.log.* | FileCheck %s --check-prefix=ALL
#include <cstdio>
#include <thread>

#include "vigil_test.h"

int a, b;
invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    a = 1;
    b = 1;
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  a = 2;
  b = 2;
  t.join();
  std::fputs("END\n", stderr);
}

// ALL: WARNING: vigil: data race
// ALL: SUMMARY: vigil: data race {{.*}}halt_and_log.cpp:[[@LINE-7]]
// ALL: WARNING: vigil: data race
// ALL: SUMMARY: vigil: data race {{.*}}halt_and_log.cpp:[[@LINE-8]]
// HALT: WARNING: vigil: data race
// HALT-NOT: WARNING: vigil
// HALT-NOT: END
// QUIET-NOT: WARNING: vigil
// QUIET: END
