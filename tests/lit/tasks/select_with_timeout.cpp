// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// select with a timeout: the result written by the task that answered in time
// is read after the case that received it; the timed-out round reads nothing.
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

struct answer {
  int value;
};

int main() {
  int answered = 0, timeouts = 0;
  for (int round = 0; round < 4; round++) {
    auto ch = vigil::make_chan<answer *>(1);
    bool reply = round % 2 == 0;
    vigil::go([ch, reply] {
      if (reply) ch.send(new answer{42});
    });
    vigil::select(
        vigil::on_recv(ch, [&](std::optional<answer *> a) {
          answered += (*a)->value == 42;
          delete *a;
        }),
        vigil::on_recv(vigil::after(std::chrono::milliseconds(reply ? 10000 : 20)),
                       [&](auto) { timeouts++; }));
  }
  std::printf("answered %d timeouts %d\n", answered, timeouts);
}
// CHECK-NOT: WARNING: vigil
// CHECK: answered 2 timeouts 2
