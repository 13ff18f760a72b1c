// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// An errgroup done wrong: every failing task stores into one shared error
// variable without a lock.
#include <vigil/vigil.h>

#include <cstdio>

const char *first_error;

int main() {
  vigil::wait_group wg;
  for (int i = 0; i < 8; i++) {
    wg.add(1);
    vigil::go([&wg, i] {
// CHECK: WARNING: vigil: data race
// CHECK: Write of size 8 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}shared_error_race.cpp:[[@LINE+2]]
// CHECK: Previous write of size 8 at {{.*}} by task {{[0-9]+}}:
      if (i % 2) first_error = "odd input";
      wg.done();
    });
  }
  wg.wait();
  std::printf("error: %s\n", first_error ? first_error : "none");
}
// CHECK: SUMMARY: vigil: data race
