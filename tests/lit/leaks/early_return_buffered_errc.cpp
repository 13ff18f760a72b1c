// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// early_return_abandons_sender done right: the error channel has room for
// the one result, so the task finishes whether or not anyone reads it.
#include <vigil/vigil.h>
#include <cstdio>

int fetch(int id) { return id < 0 ? 1 : 0; }

int handle(int id, bool valid) {
  auto errc = vigil::make_chan<int>(1);
  vigil::go([errc, id] { errc.send(fetch(id)); });
  if (!valid) return -1;
  return *errc.recv();
}

int main() {
  std::printf("handle %d\n", handle(7, true));
  std::printf("handle %d\n", handle(8, false));
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: handle 0
// CHECK: handle -1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
