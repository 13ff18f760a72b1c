// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of rwmutex_write_under_rlock_race.cpp, done right: readers under
// the read lock, the writer under the write lock (unlock happens before later
// lock_shared and lock; unlock_shared happens before the next lock).
#include <vigil/vigil.h>

#include <cstdio>

int table[4];

int main() {
  vigil::rw_mutex mu;
  vigil::wait_group wg;
  long sum = 0;
  vigil::mutex sum_mu;
  for (int t = 0; t < 8; t++) {
    wg.add(1);
    vigil::go([&, t] {
      for (int i = 0; i < 50; i++) {
        if ((i + t) % 5 == 0) {
          mu.lock();
          table[i % 4] += 1;
          mu.unlock();
        } else {
          mu.lock_shared();
          int v = table[i % 4];
          mu.unlock_shared();
          sum_mu.lock();
          sum += v;
          sum_mu.unlock();
        }
      }
      wg.done();
    });
  }
  wg.wait();
  std::printf("total %d\n", table[0] + table[1] + table[2] + table[3]);
}
// CHECK-NOT: WARNING: vigil
// CHECK: total 80
