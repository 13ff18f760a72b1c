// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// once::call: the completion of the function happens before every return
// from call, whichever task ran it.
#include <vigil/vigil.h>

#include <cstdio>

struct config {
  int level;
  int limit;
};
config *cfg;

int main() {
  vigil::once init;
  vigil::wait_group wg;
  int seen[8];
  for (int t = 0; t < 8; t++) {
    wg.add(1);
    vigil::go([&, t] {
      init.call([] { cfg = new config{3, 40}; });
      seen[t] = cfg->level + cfg->limit;
      wg.done();
    });
  }
  wg.wait();
  int sum = 0;
  for (int s : seen) sum += s;
  std::printf("sum %d\n", sum);
  delete cfg;
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 344
