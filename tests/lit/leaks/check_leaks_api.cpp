// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// vigil::check_leaks() in the middle of a program: it lets the finishing
// task finish, reports the stuck one, returns the count, and the program
// goes on; at exit the same task is not reported twice.
#include <vigil/vigil.h>
#include <cstdio>

int main() {
  auto never = vigil::make_chan<int>();
  vigil::go([never] { never.recv(); });
  vigil::go([] {});
  std::size_t left = vigil::check_leaks();
  std::printf("left %zu\n", left);
  std::printf("DONE\n");
}

// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in chan receive when checked (vigil::check_leaks)
// CHECK:      left 1
// CHECK:      DONE
// CHECK-NOT:  WARNING: vigil
