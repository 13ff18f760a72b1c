// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// close() happens before a select case that receives "closed": workers
// select over their jobs and a quit channel; the one that learns of the quit
// through the closed channel reads the summary main wrote before close().
#include <vigil/vigil.h>

#include <cstdio>
#include <optional>

struct shutdown_note {
  int jobs_sent;
};

int main() {
  shutdown_note note{0};
  auto jobs = vigil::make_chan<int>();
  auto quit = vigil::make_chan<int>();
  vigil::wait_group wg;
  int handled[2] = {0, 0}, seen_sent[2] = {0, 0};
  for (int w = 0; w < 2; w++) {
    wg.add(1);
    vigil::go([&, w] {
      for (bool stop = false; !stop;)
        vigil::select(vigil::on_recv(jobs, [&](std::optional<int>) { handled[w]++; }),
                      vigil::on_recv(quit, [&](std::optional<int> q) {
                        stop = true;
                        if (!q) seen_sent[w] = note.jobs_sent;
                      }));
      wg.done();
    });
  }
  for (int j = 0; j < 10; j++) jobs.send(j);
  note.jobs_sent = 10;
  quit.close();
  wg.wait();
  std::printf("handled %d seen %d %d\n", handled[0] + handled[1], seen_sent[0], seen_sent[1]);
}
// CHECK-NOT: WARNING: vigil
// CHECK: handled 10 seen 10 10
