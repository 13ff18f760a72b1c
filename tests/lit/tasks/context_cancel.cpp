// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The reason set before cancel() is read by workers that saw the
// cancellation, through done() or through err().
#include <vigil/vigil.h>

#include <cstdio>

int reason;

int main() {
  auto [ctx, cancel] = vigil::with_cancel(vigil::background());
  vigil::wait_group wg;
  int seen[2] = {0, 0};
  wg.add(2);
  vigil::go([&, ctx = ctx] {
    ctx.done().recv();
    seen[0] = reason;
    wg.done();
  });
  vigil::go([&, ctx = ctx] {
    while (!ctx.err()) vigil::yield();
    seen[1] = reason;
    wg.done();
  });
  reason = 9;
  cancel();
  wg.wait();
  std::printf("seen %d %d\n", seen[0], seen[1]);
}
// CHECK-NOT: WARNING: vigil
// CHECK: seen 9 9
