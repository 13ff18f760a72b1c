// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// once_blocks_forever done right: the config arrives, the function returns,
// and every caller goes on.
#include <vigil/vigil.h>
#include <cstdio>

vigil::once init;
vigil::chan<int> config = vigil::make_chan<int>();
vigil::chan<bool> init_started = vigil::make_chan<bool>(1);
vigil::wait_group served;
int port;

void load_config() {
  init_started.send(true);
  port = *config.recv();
}

void serve() {
  init.call(load_config);
  std::printf("port %d\n", port);
  served.done();
}

int main() {
  served.add(3);
  vigil::go(serve);
  init_started.recv();
  for (int i = 0; i < 2; i++) vigil::go(serve);
  config.send(8080);
  served.wait();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: port 8080
// CHECK: port 8080
// CHECK: port 8080
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
