// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// rw_write_then_read_lock done right: the helper used under the write lock
// does not lock; readers from outside use the locking wrapper.
#include <vigil/vigil.h>
#include <cstdio>
#include <vector>

vigil::rw_mutex mu;
std::vector<int> routes;  // guarded by mu

bool known_locked(int r) {  // requires mu (shared or exclusive)
  for (int x : routes)
    if (x == r) return true;
  return false;
}

bool known(int r) {
  mu.lock_shared();
  bool found = known_locked(r);
  mu.unlock_shared();
  return found;
}

void add_route(int r) {
  mu.lock();
  if (!known_locked(r)) routes.push_back(r);
  mu.unlock();
}

int main() {
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([&wg] {
    add_route(7);
    wg.done();
  });
  vigil::go([&wg] {
    add_route(7);
    wg.done();
  });
  wg.wait();
  std::printf("routes %zu, known %d\n", routes.size(), known(7));
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: routes 1, known 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
