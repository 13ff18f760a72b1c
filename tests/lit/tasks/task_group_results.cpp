// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// task_group (errgroup): each task's return happens before wait() returns,
// so main reads every slot the tasks wrote, and the error one of them
// returned, after wait().
#include <vigil/vigil.h>

#include <cstdio>
#include <system_error>

int squares[8];

int main() {
  vigil::task_group g;
  for (int i = 0; i < 8; i++)
    g.go([i]() -> std::error_code {
      squares[i] = i * i;
      if (i == 5) return std::make_error_code(std::errc::invalid_argument);
      return {};
    });
  std::error_code e = g.wait();
  int sum = 0;
  for (int s : squares) sum += s;
  std::printf("sum %d error %s\n", sum, e == std::errc::invalid_argument ? "invalid argument" : "other");
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 140 error invalid argument
