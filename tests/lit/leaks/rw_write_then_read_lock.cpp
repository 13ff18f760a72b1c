// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// Double locking on an rw_mutex (GoKer: resource deadlock): an update holds
// the write lock and calls a validation helper that takes the read lock;
// lock_shared waits for the writer, which is this same task.
#include <vigil/vigil.h>
#include <cstdio>
#include <vector>

vigil::rw_mutex mu;
std::vector<int> routes;  // guarded by mu

bool known(int r) {
  mu.lock_shared();  // the caller holds mu for writing
  bool found = false;
  for (int x : routes) found |= x == r;
  mu.unlock_shared();
  return found;
}

void add_route(int r) {
  mu.lock();
  if (!known(r)) routes.push_back(r);
  mu.unlock();
}

int main() {
  vigil::go([] { add_route(7); });
  std::printf("adding\n");
}

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   1 task waits for itself: it can never be woken.
// CHECK:        Task [[T:[0-9]+]] waits in rw_mutex lock_shared on vigil::rw_mutex 0x{{[0-9a-f]+}}, held for writing by this task itself:
// CHECK-NEXT:     #0 known(int) {{.*}}rw_write_then_read_lock.cpp:14:
// CHECK-NEXT:     #1 add_route(int) {{.*}}rw_write_then_read_lock.cpp:23:
// CHECK:        Task [[T]] (blocked in rw_mutex lock_shared, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}rw_write_then_read_lock.cpp:28:
// CHECK:      SUMMARY: vigil: deadlock (wait-for cycle) {{.*}}rw_write_then_read_lock.cpp:14:
// (Reported once: at exit, or already while running — then one line at exit says so.)
// CHECK-NOT:  WARNING: vigil
