// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A ticker loop whose done channel is never closed (GoKer: communication
// deadlock, a ticker in a select loop): a batcher selects on writes, its
// flush ticker and done; the owner forgets to close done, so the loop never
// ends and its ticker is never stopped. The pending ticker lets the exit
// check wait the whole grace period; then the loop is reported. (A long
// period keeps the loop parked, so the report is the same every time.)
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

vigil::chan<int> batched = vigil::make_chan<int>(1);

void batcher(vigil::chan<int> writes, vigil::chan<bool> done) {
  vigil::ticker flush(1h);
  int pending = 0;
  for (bool stop = false; !stop;)
    vigil::select(vigil::on_recv(writes, [&](std::optional<int>) { batched.send(++pending); }),
                  vigil::on_recv(flush.c(), [&](auto) { pending = 0; }),
                  vigil::on_recv(done, [&](std::optional<bool>) { stop = true; }));
  flush.stop();
}

int main() {
  auto writes = vigil::make_chan<int>();
  auto done = vigil::make_chan<bool>();
  vigil::go(batcher, writes, done);
  writes.send(1);
  std::printf("batched %d\n", *batched.recv());
  // done.close() forgotten
}

// CHECK:      batched 1
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in select at exit
// CHECK:        Blocked in select (task {{[0-9]+}}):
// CHECK-NEXT:     #0 batcher(vigil::chan<int>, vigil::chan<bool>) {{.*}}ticker_done_never_closed.cpp:22:
// CHECK:        Task {{[0-9]+}} (blocked in select, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}ticker_done_never_closed.cpp:31:
// CHECK-NOT:  WARNING: vigil
