// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// sleep_timeout_abandons_worker done right: the reply channel has room for
// the late answer, so the worker finishes after the caller gave up.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

vigil::chan<bool> backend = vigil::make_chan<bool>();

int call_with_timeout() {
  auto reply = vigil::make_chan<int>(1);
  vigil::go([reply] {
    backend.recv();
    reply.send(42);
  });
  vigil::sleep_for(5ms);
  int r = -1;
  vigil::select(vigil::on_recv(reply, [&](std::optional<int> v) { r = *v; }),
                vigil::on_default([] {}));
  return r;
}

int main() {
  std::printf("reply %d\n", call_with_timeout());
  backend.close();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: reply -1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
