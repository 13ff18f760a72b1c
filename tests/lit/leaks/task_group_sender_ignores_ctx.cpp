// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// errgroup with a sender that ignores the group's context (GoKer: channel &
// context): the consumer fails and returns an error, which cancels ctx(),
// but the producer's plain send never looks at it. wait() waits for the
// producer, the producer for a receiver: everything is asleep.
#include <vigil/vigil.h>
#include <cstdio>
#include <system_error>

int main() {
  vigil::task_group g;
  auto items = vigil::make_chan<int>();
  g.go([items]() -> std::error_code {
    for (int i = 0; i < 10; i++) items.send(i);  // blind to g.ctx()
    items.close();
    return {};
  });
  g.go([items]() -> std::error_code {
    for (int v : items)
      if (v == 2) return std::make_error_code(std::errc::invalid_argument);
    return {};
  });
  std::error_code e = g.wait();
  std::printf("error: %s\n", e.message().c_str());
}

// CHECK-NOT:  error:
// CHECK:      WARNING: vigil: all tasks are asleep - deadlock
// CHECK-NEXT:   Every task and thread that uses vigil is blocked and no timer is pending: 2 participants.
// CHECK:        Task {{[0-9]+}} (blocked in chan send, {{[0-9]+}} ms){{.*}}:
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}task_group_sender_ignores_ctx.cpp:15:
// CHECK:        Main thread (blocked in wait_group wait, {{[0-9]+}} ms){{.*}}:
// CHECK:          #{{[0-9]+}} main {{.*}}task_group_sender_ignores_ctx.cpp:24:
// CHECK:      SUMMARY: vigil: all tasks are asleep - deadlock {{.*}}task_group_sender_ignores_ctx.cpp:15:
// CHECK-NOT:  WARNING: vigil
