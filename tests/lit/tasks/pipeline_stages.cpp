// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A three-stage pipeline handing heap objects along: each stage owns an item
// between its receive and its send.
#include <vigil/vigil.h>

#include <cstdio>

struct item {
  int value;
  int steps;
};

int main() {
  auto a = vigil::make_chan<item *>();
  auto b = vigil::make_chan<item *>(2);
  auto c = vigil::make_chan<item *>();
  vigil::go([a] {
    for (int i = 0; i < 20; i++) a.send(new item{i, 0});
    a.close();
  });
  vigil::go([a, b] {
    for (item *it : a) {
      it->value *= 2;
      it->steps++;
      b.send(it);
    }
    b.close();
  });
  vigil::go([b, c] {
    for (item *it : b) {
      it->value += 1;
      it->steps++;
      c.send(it);
    }
    c.close();
  });
  int sum = 0, steps = 0;
  for (item *it : c) {
    sum += it->value;
    steps += it->steps;
    delete it;
  }
  std::printf("sum %d steps %d\n", sum, steps);
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 400 steps 40
