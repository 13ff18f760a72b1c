// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A pointer published through another channel: a filler task fills the
// buffer and reports on `filled`, but the consumer got the pointer from main
// on `work`, sent before main waited for `filled`; its edge carries main's
// past, not the filler's writes. (The invisible barrier only fixes the order
// in time: the filler writes, then main hands the buffer on.)
#include <vigil/vigil.h>

#include <cstdio>

#include "vigil_test.h"

static invisible_barrier order;

struct buffer {
  int len;
  char data[16];
};

int main() {
  invisible_barrier_init(&order, 2);
  auto *buf = new buffer{0, {}};
  auto filled = vigil::make_chan<int>();
  auto work = vigil::make_chan<buffer *>();
  auto done = vigil::make_chan<int>();
  vigil::go([buf, filled] {
    std::snprintf(buf->data, sizeof buf->data, "hello");
    buf->len = 5;  // PREV
    invisible_barrier_wait(&order);
    filled.send(0);
  });
  vigil::go([work, done] {
    buffer *b = *work.recv();
    std::printf("len %d\n", b->len);  // CUR
    done.send(0);
  });
  invisible_barrier_wait(&order);
  work.send(buf);
  filled.recv();
  done.recv();
  delete buf;
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}pointer_via_other_chan_race.cpp:35
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}pointer_via_other_chan_race.cpp:29
// CHECK: Location is heap block of size 20 at
// CHECK: SUMMARY: vigil: data race {{.*}}pointer_via_other_chan_race.cpp:35
