// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// timeout_abandons_stream done right: the consumer closes a done channel
// when it gives up, and the producer sends in a select with it.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

vigil::chan<int> items = vigil::make_chan<int>();
vigil::chan<bool> stall = vigil::make_chan<bool>();
vigil::chan<bool> done = vigil::make_chan<bool>();
vigil::chan<int> producer_exit = vigil::make_chan<int>(1);

int main() {
  vigil::go([] {
    int i = 0;
    for (bool more = true; more && i < 5; i++) {
      if (i == 2) stall.recv();
      vigil::select(vigil::on_send(items, i, [] {}),
                    vigil::on_recv(done, [&](auto) { more = false; }));
    }
    producer_exit.send(i);
  });
  int got = 0;
  for (bool more = true; more;)
    vigil::select(vigil::on_recv(items, [&](std::optional<int>) { got++; }),
                  vigil::on_recv(vigil::after(5ms), [&](auto) { more = false; }));
  done.close();
  stall.close();
  std::printf("producer stopped: %d\n", *producer_exit.recv() <= 3);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: producer stopped: 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
