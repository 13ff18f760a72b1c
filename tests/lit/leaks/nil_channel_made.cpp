// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// nil_channel done right: the stop channel is made with the server and
// closed to stop it.
#include <vigil/vigil.h>
#include <cstdio>

struct server {
  vigil::chan<bool> stop = vigil::make_chan<bool>();
};

server s;

int main() {
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] {
    s.stop.recv();
    wg.done();
  });
  std::printf("serving\n");
  s.stop.close();
  wg.wait();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: serving
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
