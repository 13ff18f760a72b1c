// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// ticker_done_never_closed done right: the owner closes done; the loop ends
// and stops its ticker.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

vigil::chan<int> batched = vigil::make_chan<int>(1);
vigil::wait_group stopped;

void batcher(vigil::chan<int> writes, vigil::chan<bool> done) {
  vigil::ticker flush(1h);
  int pending = 0;
  for (bool stop = false; !stop;)
    vigil::select(vigil::on_recv(writes, [&](std::optional<int>) { batched.send(++pending); }),
                  vigil::on_recv(flush.c(), [&](auto) { pending = 0; }),
                  vigil::on_recv(done, [&](std::optional<bool>) { stop = true; }));
  flush.stop();
  stopped.done();
}

int main() {
  auto writes = vigil::make_chan<int>();
  auto done = vigil::make_chan<bool>();
  stopped.add(1);
  vigil::go(batcher, writes, done);
  writes.send(1);
  std::printf("batched %d\n", *batched.recv());
  done.close();
  stopped.wait();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: batched 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
