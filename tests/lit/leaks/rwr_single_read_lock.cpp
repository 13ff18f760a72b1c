// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// rwr_pending_writer done right: the helper expects the read lock held and
// does not take it again, so a pending writer only waits for the reader.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>

vigil::rw_mutex mu;
int table = 1;
vigil::chan<int> reader_in = vigil::make_chan<int>(1);
vigil::wait_group wg;

int lookup_locked() { return table; }  // requires mu, shared

int main() {
  wg.add(2);
  vigil::go([] {
    mu.lock_shared();
    reader_in.send(1);
    while (mu.try_lock_shared()) {  // succeeds until the writer is pending
      mu.unlock_shared();
      vigil::sleep_for(std::chrono::milliseconds(1));
    }
    int v = lookup_locked();
    mu.unlock_shared();
    std::printf("read %d\n", v);
    wg.done();
  });
  vigil::go([] {
    reader_in.recv();
    mu.lock();
    table = 2;
    mu.unlock();
    wg.done();
  });
  wg.wait();
  std::printf("table %d\n", table);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: read 1
// CHECK: table 2
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
