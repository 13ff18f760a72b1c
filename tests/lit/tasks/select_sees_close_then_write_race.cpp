// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of select_sees_close.cpp with the summary written after close():
// the select case that saw the channel closed is ordered after the close,
// not after main's later write. (The invisible barrier only fixes the order
// in time: main writes, then the worker reads.)
#include <vigil/vigil.h>

#include <cstdio>
#include <optional>

#include "vigil_test.h"

static invisible_barrier order;

struct shutdown_note {
  int jobs_sent;
};

int main() {
  invisible_barrier_init(&order, 2);
  shutdown_note note{0};
  auto jobs = vigil::make_chan<int>();
  auto quit = vigil::make_chan<int>();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    int handled = 0;
    for (bool stop = false; !stop;)
      vigil::select(vigil::on_recv(jobs, [&](std::optional<int>) { handled++; }),
                    vigil::on_recv(quit, [&](std::optional<int>) { stop = true; }));
    invisible_barrier_wait(&order);
    std::printf("handled %d of %d\n", handled, note.jobs_sent);  // CUR
    wg.done();
  });
  for (int j = 0; j < 10; j++) jobs.send(j);
  quit.close();
  note.jobs_sent = 10;  // PREV
  invisible_barrier_wait(&order);
  wg.wait();
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}select_sees_close_then_write_race.cpp:33
// CHECK: Previous write of size 4 at {{.*}} by main thread:
// CHECK-NEXT: #0 main {{.*}}select_sees_close_then_write_race.cpp:38
// CHECK: Location is stack of main thread.
// CHECK: SUMMARY: vigil: data race {{.*}}select_sees_close_then_write_race.cpp:33
