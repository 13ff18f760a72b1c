// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Heavy contention without a deadlock: 16 tasks and 2 threads take three
// mutexes always in one order (and a once, and an rw_mutex) thousands of
// times, so tasks park behind holders all the time. The wait-for cycle check
// runs throughout and must find nothing; the program finishes.
#include <vigil/vigil.h>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

vigil::mutex a, b, c;
vigil::rw_mutex rw;
vigil::once init;
long total;  // guarded by a, b and c together
long reads;

void work(int rounds) {
  init.call([] { total = 0; });
  for (int i = 0; i < rounds; i++) {
    std::scoped_lock l(a, b, c);
    total++;
    if (i % 16 == 0) vigil::yield();  // park others behind us
  }
  for (int i = 0; i < rounds / 4; i++) {
    std::shared_lock r(rw);
    __atomic_fetch_add(&reads, 1, __ATOMIC_RELAXED);
  }
  for (int i = 0; i < rounds / 8; i++) {
    std::lock_guard w(rw);
    std::lock_guard la(a);
    total++;
  }
}

int main() {
  vigil::wait_group wg;
  for (int t = 0; t < 16; t++) {
    wg.add(1);
    vigil::go([&wg] {
      work(2000);
      wg.done();
    });
  }
  std::thread t1(work, 2000), t2(work, 2000);
  wg.wait();
  t1.join();
  t2.join();
  std::printf("total %ld reads %ld\n", total, reads);
}

// CHECK-NOT:  WARNING: vigil
// CHECK:      total 40500 reads 9000
// CHECK-NOT:  WARNING: vigil
