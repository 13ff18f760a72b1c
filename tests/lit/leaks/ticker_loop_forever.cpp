// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// A task spinning on a ticker that nobody stops never blocks for good: it is
// reported as still alive once the grace period is over, and the exit does
// not hang on it.
#include <vigil/vigil.h>
#include <atomic>
#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

std::atomic<int> ticks;

int main() {
  vigil::go([] {
    vigil::ticker t(1ms);
    for (;;) {
      t.c().recv();
      ticks++;
    }
  });
  while (ticks < 3) vigil::sleep_for(1ms);
  std::printf("ticking\n");
}

// CHECK:      ticking
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is {{(blocked in chan receive at exit|still running at exit|runnable \(waiting for a worker\) at exit)}}
// CHECK:        Task {{[0-9]+}} ({{.*}}) created at:
// CHECK-NEXT:     #0 main {{.*}}ticker_loop_forever.cpp:16:
// CHECK-NOT:  WARNING: vigil
