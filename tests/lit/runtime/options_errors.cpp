// An unknown VIGIL_OPTIONS key or a bad value stops the program before main
// with one line naming it and exit status 2; a good configuration runs.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: env VIGIL_OPTIONS=frobnicate=1 %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: env VIGIL_OPTIONS=exitcode=abc %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=BADINT
// RUN: env VIGIL_OPTIONS=halt_on_error=maybe %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=BADBOOL
// RUN: env VIGIL_OPTIONS=exitcode=999 %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: env VIGIL_OPTIONS=verbosity %expect_exit 2 1 %t 2>&1 | FileCheck %s --check-prefix=NOVALUE
// RUN: env VIGIL_OPTIONS=exitcode=3:verbosity=1 %expect_exit 0 1 %t 2>&1 | FileCheck %s --check-prefix=GOOD
#include <cstdio>

int main() { std::puts("main ran"); }

// UNKNOWN: vigil: unknown option 'frobnicate' in VIGIL_OPTIONS
// UNKNOWN-NOT: main ran
// BADINT: vigil: bad value 'abc' for option 'exitcode' in VIGIL_OPTIONS (expected an integer)
// BADINT-NOT: main ran
// BADBOOL: vigil: bad value 'maybe' for option 'halt_on_error'
// RANGE: vigil: bad value for option 'exitcode' in VIGIL_OPTIONS: 999 (expected 0..255)
// NOVALUE: vigil: option 'verbosity' in VIGIL_OPTIONS has no value
// GOOD: vigil: detector runtime started
// GOOD-DAG: main ran
// GOOD-DAG: vigil: memory: runtime heap {{[0-9]+}} MiB
// GOOD-DAG: vigil: memory: shadow resident over {{[0-9]+}} 1-GiB regions: cells {{[0-9]+}} MiB, origins {{[0-9]+}} MiB, meta {{[0-9]+}} MiB; sync pool {{[0-9]+}} MiB
