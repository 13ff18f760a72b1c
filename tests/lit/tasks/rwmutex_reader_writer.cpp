// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// rw_mutex: unlock_shared happens before the next lock, unlock before later
// lock_shared: readers read the config under the read lock while a writer
// replaces it under the write lock, in whatever order they come.
#include <vigil/vigil.h>

#include <cstdio>
#include <mutex>
#include <shared_mutex>

struct config {
  int version;
  int limit;  // always 10 * version
};

int main() {
  vigil::rw_mutex mu;
  config cfg{1, 10};  // guarded by mu
  vigil::wait_group wg;
  int per_version[4];
  for (int r = 0; r < 4; r++) {
    wg.add(1);
    vigil::go([&, r] {
      {
        std::shared_lock lock(mu);
        per_version[r] = cfg.limit / cfg.version;
      }
      wg.done();  // after the unlock: mu lives on main's stack
    });
  }
  wg.add(1);
  vigil::go([&] {
    mu.lock();
    cfg.version = 2;
    cfg.limit = 20;
    mu.unlock();
    wg.done();
  });
  wg.wait();
  int sum = 0;
  for (int v : per_version) sum += v;
  std::printf("sum %d version %d\n", sum, cfg.version);
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 40 version 2
