// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of chan_semaphore.cpp with capacity 2: two holders may be inside
// at once. The first receive happens before the third send completes, not
// before the second: whatever the schedule, nothing orders the two
// increments.
#include <vigil/vigil.h>

#include <cstdio>

int counter;

int main() {
  auto sem = vigil::make_chan<int>(2);
  vigil::wait_group wg;
  for (int i = 0; i < 2; i++) {
    wg.add(1);
    vigil::go([&] {
      sem.send(0);
// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}chan_semaphore_race.cpp:[[@LINE+2]]
// CHECK: Previous {{read|write}} of size 4 at {{.*}} by task {{[0-9]+}}:
      counter++;
      sem.recv();
      wg.done();
    });
  }
  wg.wait();
  std::printf("counter %d\n", counter);
}
// CHECK: SUMMARY: vigil: data race
