// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// wait_before_stop_close done right: shutdown closes stop first, then waits
// for the workers to leave.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::wait_group wg;
vigil::chan<int> jobs = vigil::make_chan<int>();
vigil::chan<bool> stop = vigil::make_chan<bool>();
int handled[3];

void worker(int id) {
  for (;;) {
    bool stopping = false;
    vigil::select(vigil::on_recv(jobs, [&](std::optional<int>) { handled[id]++; }),
                  vigil::on_recv(stop, [&](std::optional<bool>) { stopping = true; }));
    if (stopping) break;
  }
  wg.done();
}

void shutdown() {
  stop.close();
  wg.wait();
}

int main() {
  for (int i = 0; i < 3; i++) {
    wg.add(1);
    vigil::go(worker, i);
  }
  for (int i = 0; i < 6; i++) jobs.send(i);
  shutdown();
  std::printf("handled %d\n", handled[0] + handled[1] + handled[2]);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: handled 6
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
