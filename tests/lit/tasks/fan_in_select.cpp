// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Fan-in with select: two producers fill reports and send the pointers on
// their own channels; main selects over both until both are closed (a closed
// input is replaced by the nil channel, as in Go), and reads each report
// after the receive that brought it.
#include <vigil/vigil.h>

#include <cstdio>
#include <optional>

struct report {
  int source;
  int value;
};

int main() {
  vigil::chan<report *> in[2] = {vigil::make_chan<report *>(), vigil::make_chan<report *>(2)};
  for (int s = 0; s < 2; s++)
    vigil::go([s, out = in[s]] {
      for (int k = 1; k <= 5; k++) {
        auto *r = new report{s, 0};
        r->value = 10 * s + k;
        out.send(r);
      }
      out.close();
    });
  int count[2] = {0, 0}, sum = 0;
  bool open[2] = {true, true};
  auto take = [&](int s) {
    return [&, s](std::optional<report *> r) {
      if (!r) {
        open[s] = false;
        return;
      }
      count[(*r)->source]++;
      sum += (*r)->value;
      delete *r;
    };
  };
  while (open[0] || open[1])
    vigil::select(vigil::on_recv(open[0] ? in[0] : vigil::chan<report *>(), take(0)),
                  vigil::on_recv(open[1] ? in[1] : vigil::chan<report *>(), take(1)));
  std::printf("counts %d %d sum %d\n", count[0], count[1], sum);
}
// CHECK-NOT: WARNING: vigil
// CHECK: counts 5 5 sum 80
