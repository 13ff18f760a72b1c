// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// first_replica_wins done right: the reply channel has room for every
// replica, so the slower ones finish their send and end.
#include <vigil/vigil.h>
#include <cstdio>
#include <vector>

int search(int replica, int query) { return query * 10 + replica; }

int first(const std::vector<int>& replicas, int query) {
  auto c = vigil::make_chan<int>(replicas.size());
  for (int r : replicas)
    vigil::go([c, r, query] { c.send(search(r, query)); });
  return *c.recv();
}

int main() {
  int reply = first({1, 2, 3}, 4);
  std::printf("reply from replica %d\n", reply >= 41 && reply <= 43);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: reply from replica 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
