// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// What the leak proof must not call a leak: tasks waiting on wait_groups that
// a running task or the main thread can still reach, and does call done() on,
// late (well after the proof's two looks):
//  - on the waiter's stack, referenced by a worker's closure ([&wg]);
//  - in a global, done() by main.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

vigil::wait_group g_wg;
vigil::wait_group finished;

int main() {
  finished.add(2);
  vigil::go([] {
    vigil::wait_group wg;
    wg.add(1);
    vigil::go([&wg] {
      vigil::sleep_for(300ms);
      wg.done();
    });
    wg.wait();
    std::printf("stack wait_group done\n");
    finished.done();
  });
  g_wg.add(1);
  vigil::go([] {
    g_wg.wait();
    std::printf("global wait_group done\n");
    finished.done();
  });
  vigil::sleep_for(300ms);
  g_wg.done();
  finished.wait();
  std::printf("finished\n");
}

// CHECK-NOT:  WARNING: vigil
// CHECK-DAG:  stack wait_group done
// CHECK-DAG:  global wait_group done
// CHECK:      finished
// CHECK-NOT:  WARNING: vigil
