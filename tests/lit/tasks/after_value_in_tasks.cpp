// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A timer's firing happens before the receive that gets its value: tasks
// each wait on their own after() (one through a select with a channel
// nobody sends on) and record the time it delivered; main reads the records
// after wait().
#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>

using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

int main() {
  steady::time_point fired[4];
  auto never = vigil::make_chan<int>();
  auto start = steady::now();
  vigil::wait_group wg;
  for (int i = 0; i < 4; i++) {
    wg.add(1);
    vigil::go([&, i] {
      auto timer = vigil::after(milliseconds(5 * (i + 1)));
      if (i % 2)
        fired[i] = *timer.recv();
      else
        vigil::select(vigil::on_recv(never, [](auto) {}),
                      vigil::on_recv(timer, [&](std::optional<steady::time_point> t) { fired[i] = *t; }));
      wg.done();
    });
  }
  wg.wait();
  int in_time = 0;
  for (int i = 0; i < 4; i++) in_time += fired[i] - start >= milliseconds(5 * (i + 1));
  std::printf("not early %d\n", in_time);
}
// CHECK-NOT: WARNING: vigil
// CHECK: not early 4
