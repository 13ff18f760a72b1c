// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// close() happens before the end of `for (v : ch)`: the summary the producer
// keeps while sending, all of it written before close(), is read by the
// consumer once its range loop ends.
#include <vigil/vigil.h>

#include <cstdio>

struct summary {
  int count;
  long total;
};

int main() {
  summary s{0, 0};
  auto ch = vigil::make_chan<int>(4);
  vigil::go([&s, ch] {
    for (int i = 1; i <= 10; i++) {
      ch.send(i);
      s.count++;
      s.total += i;
    }
    ch.close();
  });
  long got = 0;
  for (int v : ch) got += v;
  std::printf("got %ld count %d total %ld\n", got, s.count, s.total);
}
// CHECK-NOT: WARNING: vigil
// CHECK: got 55 count 10 total 55
