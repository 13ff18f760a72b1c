// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// nested_select_no_quit done right: the inner select watches quit too, so
// an item taken just before quit is dropped and the relay ends.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

struct relay {
  vigil::chan<int> in = vigil::make_chan<int>();
  vigil::chan<int> primary = vigil::make_chan<int>();
  vigil::chan<int> backup = vigil::make_chan<int>();
  vigil::chan<bool> quit = vigil::make_chan<bool>();
  vigil::wait_group running;

  void run() {
    for (bool stop = false; !stop;)
      vigil::select(
          vigil::on_recv(in, [&](std::optional<int> v) {
            vigil::select(vigil::on_send(primary, *v, [] {}),
                          vigil::on_send(backup, *v, [] {}),
                          vigil::on_recv(quit, [&](std::optional<bool>) { stop = true; }));
          }),
          vigil::on_recv(quit, [&](std::optional<bool>) { stop = true; }));
    running.done();
  }
};

relay r;

int main() {
  r.running.add(1);
  vigil::go([] { r.run(); });
  r.in.send(1);
  std::printf("relayed %d\n", *r.primary.recv());
  r.in.send(2);
  r.quit.close();
  r.running.wait();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: relayed 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
