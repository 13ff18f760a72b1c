// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A context derived from a parent that is already cancelled is born
// cancelled: the parent's cancel() is what closes its done(), so the reason
// set before that cancel() is visible to whoever sees the child done. (In Go,
// WithCancel receives from the parent's closed Done() before cancelling the
// child.) The invisible barrier only fixes the order in time: main cancels
// the root, then the task derives the child.
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;
int reason;

int main() {
  invisible_barrier_init(&order, 2);
  auto [root, cancel_root] = vigil::with_cancel(vigil::background());
  vigil::wait_group wg;
  int seen = 0;
  wg.add(1);
  vigil::go([&, root = root] {
    invisible_barrier_wait(&order);
    auto [child, cancel_child] = vigil::with_cancel(root);
    child.done().recv();
    seen = reason;
    cancel_child();
    wg.done();
  });
  reason = 4;
  cancel_root();
  invisible_barrier_wait(&order);
  wg.wait();
  std::printf("seen %d\n", seen);
}
// CHECK-NOT: WARNING: vigil
// CHECK: seen 4
