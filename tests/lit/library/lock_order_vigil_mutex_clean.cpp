// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// No inversion among vigil mutexes: std::scoped_lock over two vigil::mutex in
// opposite orders (the standard's algorithm try_locks, which adds no order
// edge), one order kept everywhere, a mutex handed over between tasks (locked
// by one, unlocked by another, as Go allows: it leaves the graph), and a
// once whose function takes a mutex. Nothing is reported; the program ends.
#include <vigil/vigil.h>
#include <cstdio>
#include <mutex>

vigil::mutex a, b, c, baton;
vigil::once init;
int value;

int main() {
  vigil::wait_group wg;
  for (int i = 0; i < 8; i++) {
    wg.add(1);
    vigil::go([&, i] {
      if (i % 2) {
        std::scoped_lock l(a, b);
        value++;
      } else {
        std::scoped_lock l(b, a);
        value++;
      }
      {
        std::lock_guard la(a);
        std::lock_guard lc(c);
        value++;
      }
      init.call([] {
        std::lock_guard lc(c);
        value++;
      });
      wg.done();
    });
    wg.wait();
  }
  // A hand-over: locked here, unlocked by a task; then taken in both orders
  // with c by tasks one after the other — no order is kept for it.
  baton.lock();
  wg.add(1);
  vigil::go([&] {
    baton.unlock();
    wg.done();
  });
  wg.wait();
  wg.add(1);
  vigil::go([&] {
    std::lock_guard lb(baton);
    std::lock_guard lc(c);
    wg.done();
  });
  wg.wait();
  wg.add(1);
  vigil::go([&] {
    std::lock_guard lc(c);
    std::lock_guard lb(baton);
    wg.done();
  });
  wg.wait();
  std::printf("DONE %d\n", value);
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE 17
// CHECK-NOT: WARNING: vigil
