// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Cancelling a parent cancels its subtree: the reason set before the root's
// cancel() is read by workers that saw a grandchild's done() closed or a
// child's err() set.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

int reason;

int main() {
  auto [root, cancel_root] = vigil::with_cancel(vigil::background());
  auto [child, cancel_child] = vigil::with_cancel(root);
  auto [grandchild, cancel_grandchild] = vigil::with_timeout(child, std::chrono::hours(1));
  vigil::wait_group wg;
  int seen[2] = {0, 0};
  wg.add(2);
  vigil::go([&, ctx = grandchild] {
    ctx.done().recv();
    seen[0] = reason;
    wg.done();
  });
  vigil::go([&, ctx = child] {
    while (!ctx.err()) vigil::yield();
    seen[1] = reason;
    wg.done();
  });
  reason = 4;
  cancel_root();
  wg.wait();
  bool canceled = grandchild.err() == vigil::context_errc::canceled;
  cancel_child();
  cancel_grandchild();
  std::printf("seen %d %d canceled %d\n", seen[0], seen[1], canceled);
}
// CHECK-NOT: WARNING: vigil
// CHECK: seen 4 4 canceled 1
