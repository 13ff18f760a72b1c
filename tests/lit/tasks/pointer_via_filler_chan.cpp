// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of pointer_via_other_chan_race.cpp done right: main hands the
// buffer to the consumer only after the filler's send on `filled`, so the
// fill happens before the consumer's reads (send → receive, then main's send
// → the consumer's receive).
#include <vigil/vigil.h>

#include <cstdio>

struct buffer {
  int len;
  char data[16];
};

int main() {
  auto *buf = new buffer{0, {}};
  auto filled = vigil::make_chan<int>();
  auto work = vigil::make_chan<buffer *>();
  auto done = vigil::make_chan<int>();
  vigil::go([buf, filled] {
    std::snprintf(buf->data, sizeof buf->data, "hello");
    buf->len = 5;
    filled.send(0);
  });
  vigil::go([work, done] {
    buffer *b = *work.recv();
    std::printf("%s len %d\n", b->data, b->len);
    done.send(0);
  });
  filled.recv();
  work.send(buf);
  done.recv();
  delete buf;
}
// CHECK-NOT: WARNING: vigil
// CHECK: hello len 5
