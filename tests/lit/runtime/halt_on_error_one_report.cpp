// halt_on_error=1 prints exactly one report, even when several threads find
// races at the same moment (eight pairs of threads race on eight globals,
// all released at once).
// RUN: %vigil_cxx -O1 %s -o %t
// Which race comes first differs between runs: 20 runs, each must print one.
// RUN: env VIGIL_OPTIONS=halt_on_error=1 %expect_exit 66 1 %t 2>&1 | FileCheck %s
// RUN: env VIGIL_OPTIONS=halt_on_error=1 sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do %t 2>&1 | grep -c "WARNING: vigil"; done' | sort -u | FileCheck %s --check-prefix=COUNTS
#include <pthread.h>

#include "vigil_test.h"

constexpr int kPairs = 8;
int shared[kPairs][16];  // a cache line apart
static invisible_barrier start;

template <int I>
__attribute__((noinline)) void *writer(void *) {
  invisible_barrier_wait(&start);
  shared[I][0] = 1;
  return nullptr;
}
template <int I>
__attribute__((noinline)) void *other_writer(void *) {
  invisible_barrier_wait(&start);
  shared[I][0] = 2;
  return nullptr;
}

template <int... I>
void run(int (&)[sizeof...(I)]) {
  pthread_t t[2 * sizeof...(I)];
  int k = 0;
  ((pthread_create(&t[k++], nullptr, writer<I>, nullptr), pthread_create(&t[k++], nullptr, other_writer<I>, nullptr)), ...);
  for (pthread_t &x : t) pthread_join(x, nullptr);
}

int main() {
  invisible_barrier_init(&start, 2 * kPairs);
  int tag[kPairs];
  run<0, 1, 2, 3, 4, 5, 6, 7>(tag);
  return 0;
}

// CHECK: WARNING: vigil: data race
// CHECK: SUMMARY: vigil: data race
// CHECK-NOT: WARNING: vigil

// COUNTS: {{^1$}}
// COUNTS-NOT: {{[0-9]}}
