// vigil refuses to build with another race or memory runtime in the same
// process. (The runtime also refuses at start when it finds __tsan_init /
// __asan_init / __msan_init, but a sanitizer linked into the executable
// initializes before vigil and fails on vigil's interceptors first; the
// wrapper's refusal is the one a user meets.)
// RUN: not %vigil_cxx -fsanitize=thread %s -o %t 2>&1 | FileCheck %s --check-prefix=WRAPPER
// RUN: not %vigil_cxx -fsanitize=address %s -o %t 2>&1 | FileCheck %s --check-prefix=WRAPPER
// RUN: not %vigil_cxx -fsanitize=undefined,thread %s -o %t 2>&1 | FileCheck %s --check-prefix=WRAPPER
// RUN: %vigil_cxx --no-detect -fsanitize=address %s -o %t && %t | FileCheck %s --check-prefix=NODETECT
#include <cstdio>

int main() { std::puts("main ran"); }

// WRAPPER: cannot be combined with vigil's detector
// NODETECT: main ran
