// vigil refuses to build with another race or memory runtime in the same
// process. (The runtime also refuses at start when it finds __tsan_init /
// __asan_init / __msan_init, but a sanitizer linked into the executable
// initializes before vigil and fails on vigil's interceptors first; the
// wrapper's refusal is the one a user meets.)
// RUN: not %vigil_cxx -fsanitize=thread %s -o %t 2>&1 | FileCheck %s --check-prefix=WRAPPER
// RUN: not %vigil_cxx -fsanitize=address %s -o %t 2>&1 | FileCheck %s --check-prefix=WRAPPER
// RUN: not %vigil_cxx -fsanitize=undefined,thread %s -o %t 2>&1 | FileCheck %s --check-prefix=WRAPPER
// RUN: not %vigil_cxx -fsanitize=dataflow %s -o %t 2>&1 | FileCheck %s --check-prefix=WRAPPER
// RUN: not %vigil_cxx -fsanitize=memory %s -o %t 2>&1 | FileCheck %s --check-prefix=WRAPPER
// RUN: %vigil_cxx --no-detect -fsanitize=address %s -o %t && %t | FileCheck %s --check-prefix=NODETECT
// The order of --no-detect and the flag does not matter:
// RUN: %vigil_cxx -fsanitize=address --no-detect %s -o %t && %t | FileCheck %s --check-prefix=NODETECT
// Undefined-behaviour checks have no interceptors: they combine with the detector.
// RUN: %vigil_cxx -fsanitize=undefined %s -o %t && %t | FileCheck %s --check-prefix=NODETECT
// A static link is refused with one sentence (the runtimes are shared libraries):
// RUN: not %vigil_cxx -static %s -o %t 2>&1 | FileCheck %s --check-prefix=STATIC
// RUN: not %vigil_cxx --no-detect -static %s -o %t 2>&1 | FileCheck %s --check-prefix=STATIC
#include <cstdio>

int main() { std::puts("main ran"); }

// WRAPPER: cannot be combined with vigil's detector (each has a runtime that intercepts the C library; one per process)
// WRAPPER-NOT: error
// NODETECT: main ran
// STATIC: '-static' cannot be used: vigil's runtimes are shared libraries
// STATIC-NOT: ld
