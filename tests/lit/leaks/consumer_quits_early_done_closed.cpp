// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// consumer_quits_early done right: the consumer closes a done channel when
// it quits, and the producer sends in a select with it.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

vigil::chan<int> consumed = vigil::make_chan<int>(1);
vigil::chan<int> produced = vigil::make_chan<int>(1);

void produce(vigil::chan<int> items, vigil::chan<bool> done) {
  int i = 0;
  for (bool stop = false; !stop && i < 10; i++)
    vigil::select(vigil::on_send(items, i == 3 ? -1 : i, [] {}),
                  vigil::on_recv(done, [&](std::optional<bool>) { stop = true; }));
  items.close();
  produced.send(i);
}

void consume(vigil::chan<int> items, vigil::chan<bool> done) {
  int n = 0;
  for (int v : items) {
    if (v < 0) break;
    n++;
  }
  done.close();
  consumed.send(n);
}

int main() {
  auto items = vigil::make_chan<int>();
  auto done = vigil::make_chan<bool>();
  vigil::go(produce, items, done);
  vigil::go(consume, items, done);
  std::printf("consumed %d\n", *consumed.recv());
  std::printf("producer stopped early %d\n", *produced.recv() < 10);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: consumed 3
// CHECK: producer stopped early 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
