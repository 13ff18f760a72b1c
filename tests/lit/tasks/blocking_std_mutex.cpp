// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of blocking_no_edge_race.cpp done right: the blocking calls take a
// std::mutex (a pthread mutex, whose unlock → lock edge the detector
// follows); blocking() itself adds nothing. Its result comes back to the
// calling task.
#include <vigil/vigil.h>

#include <cstdio>
#include <mutex>

#include <unistd.h>

std::mutex status_mu;
int total;  // guarded by status_mu

int main() {
  vigil::wait_group wg;
  int doubled[8];
  for (int i = 0; i < 8; i++) {
    wg.add(1);
    vigil::go([&, i] {
      doubled[i] = vigil::blocking([i] {
        usleep(1000);  // a system call that blocks the thread
        std::lock_guard lock(status_mu);
        total += i;
        return 2 * i;
      });
      wg.done();
    });
  }
  wg.wait();
  int sum = 0;
  for (int d : doubled) sum += d;
  std::printf("total %d doubled %d\n", total, sum);
}
// CHECK-NOT: WARNING: vigil
// CHECK: total 28 doubled 56
