// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of shared_error_race.cpp done right: the first error is kept
// under a mutex, and read after wait().
#include <vigil/vigil.h>

#include <cstdio>

const char *first_error;

int main() {
  vigil::wait_group wg;
  vigil::mutex mu;
  for (int i = 0; i < 8; i++) {
    wg.add(1);
    vigil::go([&, i] {
      if (i % 2) {
        mu.lock();
        if (!first_error) first_error = "odd input";
        mu.unlock();
      }
      wg.done();
    });
  }
  wg.wait();
  std::printf("error: %s\n", first_error ? first_error : "none");
}
// CHECK-NOT: WARNING: vigil
// CHECK: error: odd input
