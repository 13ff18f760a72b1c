// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Bit-fields separated by a zero-width bit-field (and a bit-field next to a
// plain char member) are distinct memory locations: concurrent updates do not race.
#include "vigil_test.h"
#include <thread>

struct flags {
  unsigned char ready : 4;
  unsigned char : 0; // starts a new memory location
  unsigned char error : 4;
  char plain;
};

flags f;
static invisible_barrier together;

int main() {
  invisible_barrier_init(&together, 3);
  std::thread a([] { invisible_barrier_wait(&together); for (int i = 0; i < 10; i++) f.ready = i; });
  std::thread b([] { invisible_barrier_wait(&together); for (int i = 0; i < 10; i++) f.error = i; });
  std::thread c([] { invisible_barrier_wait(&together); for (int i = 0; i < 10; i++) f.plain = i; });
  a.join();
  b.join();
  c.join();
  if (f.ready != 9 || f.error != 9 || f.plain != 9)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
