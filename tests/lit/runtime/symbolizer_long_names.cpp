// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A frame whose symbolization is longer than the symbolizer's reply buffer
// (8 KiB: nested selects with lambdas and four channel parameters inline
// deep template names) keeps its first frames, and the symbolizer keeps
// answering: every later stack of the report (the creation stack) is still
// symbolized. (It used to give up: "llvm-symbolizer stopped answering".)
// The program: a relay's inner select has no quit case, so it leaks.
#include <vigil/vigil.h>
#include <cstdio>
#include <optional>

void relay(vigil::chan<int> in, vigil::chan<int> primary, vigil::chan<int> backup,
           vigil::chan<bool> quit) {
  for (bool stop = false; !stop;)
    vigil::select(
        vigil::on_recv(in, [&](std::optional<int> v) {
          vigil::select(vigil::on_send(primary, *v, [] {}),   // no quit case
                        vigil::on_send(backup, *v, [] {}));
        }),
        vigil::on_recv(quit, [&](std::optional<bool>) { stop = true; }));
}

int main() {
  auto in = vigil::make_chan<int>();
  auto primary = vigil::make_chan<int>();
  auto backup = vigil::make_chan<int>();
  auto quit = vigil::make_chan<bool>();
  vigil::go(relay, in, primary, backup, quit);
  in.send(1);
  std::printf("relayed %d\n", *primary.recv());
  in.send(2);  // taken by the relay, never delivered
  quit.close();
  std::printf("quit\n");
}

// CHECK-NOT:  stopped answering
// CHECK:      relayed 1
// CHECK:      quit
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in select at exit
// CHECK:        Blocked in select (task {{[0-9]+}}):
// CHECK-NEXT:     #0 relay(vigil::chan<int>, vigil::chan<int>, vigil::chan<int>, vigil::chan<bool>)::$_0::operator()(std::optional<int>) const {{.*}}symbolizer_long_names.cpp:18:
// CHECK:        Task {{[0-9]+}} (blocked in select, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}symbolizer_long_names.cpp:29:
// CHECK-NOT:  WARNING: vigil
// CHECK-NOT:  stopped answering
