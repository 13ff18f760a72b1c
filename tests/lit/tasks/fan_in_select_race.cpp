// RUN: %vigil_cxx -O1 -g %s -o %t
// RUN: %run_race %t 2>&1 | FileCheck %s
// RUN: env VIGIL_PROCS=1 %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of fan_in_select.cpp where the producers also add what they are
// about to send to one shared variable, before their first send: each
// receive orders one producer before main, and main before a producer's
// later sends, but nothing orders one producer's start after the other's.
// (Counting after each send instead would be racy only on some schedules:
// main's receives can chain the producers' later increments together.)
#include <vigil/vigil.h>

#include <cstdio>
#include <optional>

int sent_total;

int main() {
  vigil::chan<int> in[2] = {vigil::make_chan<int>(), vigil::make_chan<int>(2)};
  for (int s = 0; s < 2; s++)
    vigil::go([s, out = in[s]] {
      sent_total += 5;  // CUR, PREV (two tasks, one line)
      for (int k = 1; k <= 5; k++) out.send(10 * s + k);
      out.close();
    });
  int sum = 0;
  bool open[2] = {true, true};
  while (open[0] || open[1])
    vigil::select(vigil::on_recv(open[0] ? in[0] : vigil::chan<int>(),
                                 [&](std::optional<int> v) { v ? void(sum += *v) : void(open[0] = false); }),
                  vigil::on_recv(open[1] ? in[1] : vigil::chan<int>(),
                                 [&](std::optional<int> v) { v ? void(sum += *v) : void(open[1] = false); }));
  std::printf("sum %d sent %d\n", sum, sent_total);
}
// CHECK: WARNING: vigil: data race
// CHECK: {{Read|Write}} of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}fan_in_select_race.cpp:22
// CHECK: Previous {{read|write}} of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}fan_in_select_race.cpp:22
// CHECK: SUMMARY: vigil: data race {{.*}}fan_in_select_race.cpp:22
