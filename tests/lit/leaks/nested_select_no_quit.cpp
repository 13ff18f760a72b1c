// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// Nested selects (GoKer: communication deadlock): a relay's outer select
// watches quit, but the inner select that forwards an item to the primary
// or the backup consumer does not. After quit is closed and the consumers
// are gone, the relay waits in the inner select forever.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

struct relay {
  vigil::chan<int> in = vigil::make_chan<int>();
  vigil::chan<int> primary = vigil::make_chan<int>();
  vigil::chan<int> backup = vigil::make_chan<int>();
  vigil::chan<bool> quit = vigil::make_chan<bool>();

  void run() {
    for (bool stop = false; !stop;)
      vigil::select(
          vigil::on_recv(in, [&](std::optional<int> v) {
            vigil::select(vigil::on_send(primary, *v, [] {}),  // no quit case
                          vigil::on_send(backup, *v, [] {}));
          }),
          vigil::on_recv(quit, [&](std::optional<bool>) { stop = true; }));
  }
};

relay r;

int main() {
  vigil::go([] { r.run(); });
  r.in.send(1);
  std::printf("relayed %d\n", *r.primary.recv());
  r.in.send(2);  // taken by the relay, never delivered
  r.quit.close();
  std::printf("quit\n");
}

// CHECK:      relayed 1
// CHECK:      quit
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in select at exit
// CHECK:        Blocked in select (task {{[0-9]+}}):
// CHECK-NEXT:     #0 relay::run()::'lambda'(std::optional<int>)::operator()(std::optional<int>) const {{.*}}nested_select_no_quit.cpp:21:
// CHECK:        #{{[0-9]+}} relay::run() {{.*}}nested_select_no_quit.cpp:19:
// CHECK:        Task {{[0-9]+}} (blocked in select, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}nested_select_no_quit.cpp:31:
// CHECK-NOT:  WARNING: vigil
