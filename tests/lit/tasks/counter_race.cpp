// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: env VIGIL_PROCS=1 %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=8 %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Tasks increment a plain int with nothing ordering them: a race, whether the
// tasks run one after the other on one worker or at once on eight (a switch
// between tasks on one worker is no edge).
#include <vigil/vigil.h>

#include <cstdio>

int main() {
  int count = 0;
  vigil::wait_group wg;
  for (int i = 0; i < 50; i++) {
    wg.add(1);
    vigil::go([&] {
// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}counter_race.cpp:[[@LINE+2]]
// CHECK: Previous {{read|write}} of size 4 at {{.*}} by task {{[0-9]+}}:
      count++;
      wg.done();
    });
  }
  wg.wait();
  std::printf("count %d\n", count);
}
// CHECK: Task {{[0-9]+}} ({{running|finished}}) created by main thread at:
// CHECK-NEXT: #0 main {{.*}}counter_race.cpp:17
// CHECK: SUMMARY: vigil: data race {{.*}}counter_race.cpp:22
