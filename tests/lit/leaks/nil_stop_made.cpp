// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// nil_stop_in_select done right: the stop channel is made with the struct,
// and stop() closes it, which ends the loop.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

struct worker {
  vigil::chan<int> jobs = vigil::make_chan<int>();
  vigil::chan<bool> stop_ = vigil::make_chan<bool>();
  vigil::chan<int> stopped = vigil::make_chan<int>(1);
  int handled = 0;

  void run() {
    for (;;) {
      bool stopping = false;
      vigil::select(vigil::on_recv(jobs, [&](std::optional<int>) { handled++; }),
                    vigil::on_recv(stop_, [&](std::optional<bool>) { stopping = true; }));
      if (stopping) break;
    }
    stopped.send(handled);
  }
  void stop() { stop_.close(); }
};

worker w;

int main() {
  vigil::go([] { w.run(); });
  w.jobs.send(1);
  vigil::go([] { w.stop(); });
  std::printf("handled %d\n", *w.stopped.recv());
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: handled 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
