// Suppressions: a matching race: line silences the report (exit 0); a
// malformed file stops the program at start with its line number.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: echo "# known benign" > %t.supp && echo "race:benign_counter" >> %t.supp
// RUN: env VIGIL_OPTIONS=suppressions=%t.supp %expect_exit 0 1 %t 2>&1 | FileCheck %s --check-prefix=SUPP
// RUN: %expect_exit 66 1 %t 2>&1 | FileCheck %s --check-prefix=NOSUPP
// RUN: printf 'race:ok\nthis is wrong\n' > %t.bad
// RUN: env VIGIL_OPTIONS=suppressions=%t.bad %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: env VIGIL_OPTIONS=suppressions=%t.missing %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: rm -rf %t.dirsupp && mkdir -p %t.dirsupp
// RUN: env VIGIL_OPTIONS=suppressions=%t.dirsupp %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=DIR
// RUN: printf 'race:ok\nrace:benign\000_counter\n' > %t.nul
// RUN: env VIGIL_OPTIONS=suppressions=%t.nul %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=NUL
#include <thread>

#include "vigil_test.h"

int counter;
invisible_barrier order;

__attribute__((noinline)) void benign_counter() { counter++; }

int main() {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    benign_counter();
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  benign_counter();
  t.join();
  vigil_test_done();
}

// SUPP-NOT: WARNING: vigil
// SUPP: DONE
// NOSUPP: WARNING: vigil: data race
// NOSUPP: SUMMARY: vigil: data race {{.*}}suppressions.cpp:{{[0-9]+}}:{{[0-9]+}} in benign_counter()
// BAD: vigil: {{.*}}.bad:2: malformed suppression 'this is wrong'
// MISSING: vigil: cannot open suppressions file '{{.*}}.missing' (No such file or directory)
// DIR: vigil: cannot read suppressions file '{{.*}}.dirsupp' (Is a directory)
// NUL: vigil: {{.*}}.nul:2: a NUL byte: not a text file of suppressions
