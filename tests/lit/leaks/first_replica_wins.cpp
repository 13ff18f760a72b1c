// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// First reply wins (GoKer / "Go Concurrency Patterns": query every replica,
// use the fastest): the replies go to an unbuffered channel and the caller
// takes one, so the other N-1 replicas block in their send forever.
#include <vigil/vigil.h>
#include <cstdio>
#include <vector>

int search(int replica, int query) { return query * 10 + replica; }

int first(const std::vector<int>& replicas, int query) {
  auto c = vigil::make_chan<int>();
  for (int r : replicas)
    vigil::go([c, r, query] { c.send(search(r, query)); });
  return *c.recv();
}

int main() {
  int reply = first({1, 2, 3}, 4);
  std::printf("reply from replica %d\n", reply >= 41 && reply <= 43);
}

// CHECK:      reply from replica 1
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   2 tasks are blocked for good in chan send (the longest for {{[0-9]+}} ms): every handle of the channel is held by tasks blocked for good, so nothing can wake them; a proven leak.
// CHECK:        Blocked in chan send (task {{[0-9]+}} and 1 more like it):
// CHECK-NEXT:     #0 first(std::vector<int, std::allocator<int>> const&, int)::$_0::operator()() const {{.*}}first_replica_wins.cpp:15:
// CHECK:        On chan<int> (unbuffered), made at:
// CHECK-NEXT:     #0 first(std::vector<int, std::allocator<int>> const&, int) {{.*}}first_replica_wins.cpp:13:
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 first(std::vector<int, std::allocator<int>> const&, int) {{.*}}first_replica_wins.cpp:15:
// CHECK-NOT:  WARNING: vigil
