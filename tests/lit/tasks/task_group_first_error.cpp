// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of task_group_shared_error_race.cpp done right: tasks return their
// error; the group keeps the first and cancels ctx(), on which the others
// stop. Each task's return happens before wait() returns: main reads the
// error and the slots after it.
#include <vigil/vigil.h>

#include <cstdio>
#include <system_error>

int main() {
  vigil::task_group g;
  int stopped[4] = {};
  for (int i = 0; i < 4; i++)
    g.go([&stopped, i](const vigil::context &ctx) -> std::error_code {
      ctx.done().recv();
      stopped[i] = 1;
      return ctx.err();
    });
  g.go([]() -> std::error_code { return std::make_error_code(std::errc::io_error); });
  std::error_code e = g.wait();
  int n = 0;
  for (int s : stopped) n += s;
  std::printf("error %s stopped %d\n", e == std::errc::io_error ? "io" : "other", n);
}
// CHECK-NOT: WARNING: vigil
// CHECK: error io stopped 4
