// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// unread_senders done right: the reply channel has room for every reply, so
// every worker finishes (some of them only after main has returned: the
// exit check lets them).
#include <vigil/vigil.h>
#include <cstdio>

int main() {
  auto results = vigil::make_chan<int>(1000);
  for (int i = 0; i < 1000; i++)
    vigil::go([results, i] { results.send(i); });
  std::printf("first reply %d\n", *results.recv() >= 0);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
