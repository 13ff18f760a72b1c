// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=GROUP < %t.out
// VERDICT: leak
// A stop channel never made inside a struct (GoKer: communication
// deadlock on a nil channel): the constructor makes the job channel but
// forgets stop. The loop's stop case can never fire, and stop() sends on
// the nil channel, which blocks forever.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

struct worker {
  vigil::chan<int> jobs = vigil::make_chan<int>();
  vigil::chan<bool> stop_;  // never made: nil

  void run() {
    for (;;) {
      bool stopping = false;
      vigil::select(vigil::on_recv(jobs, [](std::optional<int>) {}),
                    vigil::on_recv(stop_, [&](std::optional<bool>) { stopping = true; }));
      if (stopping) return;
    }
  }
  void stop() { stop_.send(true); }
};

worker w;

int main() {
  vigil::go([] { w.run(); });
  w.jobs.send(1);
  vigil::go([] { w.stop(); });
  std::printf("stopping\n");
}

// Two reports: the proven leak first (found by the timer thread's check
// while main runs, or by the exit check's first step), then the one at exit.
// CHECK:      stopping
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked for ever in chan send (nil chan): nothing can wake it, a leak proven while the program runs.
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in select at exit
// CHECK-NOT:  WARNING: vigil

// GROUP-DAG:  1 task is blocked in select at exit
// GROUP-DAG:    #0 worker::run() {{.*}}nil_stop_in_select.cpp:20:
// GROUP-DAG:  1 task is blocked for ever in chan send (nil chan): nothing can wake it, a leak proven while the program runs.
// GROUP-DAG:    #0 worker::stop() {{.*}}nil_stop_in_select.cpp:25:
// GROUP-DAG:  On the nil channel (a channel never made): it blocks forever.
