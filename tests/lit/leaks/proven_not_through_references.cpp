// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// What the leak proof must not call a leak: a blocked task whose channel is
// still reachable, though not through a counted handle.
//  - a worker whose closure holds the channel's only handle, while a task it
//    started holds a reference to that handle ([&reply]) and sends later;
//  - a task whose handle is on its own stack, referenced by a sender task;
//  - a handle held by a global, sent on by main later;
//  - a select whose other case is an after() timer (the timer holds a handle).
// Each wait ends well after the proof's two looks (a few tens of ms); the
// program must finish with nothing reported.
#include <vigil/vigil.h>
#include <chrono>
#include <cstdio>
#include <optional>

using namespace std::chrono_literals;

vigil::chan<int> g_late;  // set by main, sent on by main later
vigil::wait_group done;

int main() {
  done.add(4);
  {
    auto reply = vigil::make_chan<int>();
    vigil::go([reply] {
      vigil::go([&reply] {
        vigil::sleep_for(300ms);
        reply.send(1);
      });
      std::printf("by reference from a closure: %d\n", reply.recv().value_or(-1));
      done.done();
    });
  }
  vigil::go([] {
    auto mine = vigil::make_chan<int>();
    vigil::go([&mine] {
      vigil::sleep_for(300ms);
      mine.send(2);
    });
    std::printf("by reference to a stack: %d\n", mine.recv().value_or(-1));
    done.done();
  });
  g_late = vigil::make_chan<int>();
  vigil::go([late = g_late] {
    std::printf("through a global: %d\n", late.recv().value_or(-1));
    done.done();
  });
  {
    auto never = vigil::make_chan<int>();
    vigil::go([never] {
      vigil::select(vigil::on_recv(never, [](std::optional<int>) {}),
                    vigil::on_recv(vigil::after(300ms), [](auto) { std::printf("timer fired\n"); }));
      done.done();
    });
  }
  vigil::sleep_for(300ms);
  g_late.send(3);
  done.wait();
  std::printf("finished\n");
}

// CHECK-NOT:  WARNING: vigil
// CHECK-DAG:  by reference from a closure: 1
// CHECK-DAG:  by reference to a stack: 2
// CHECK-DAG:  through a global: 3
// CHECK-DAG:  timer fired
// CHECK:      finished
// CHECK-NOT:  WARNING: vigil
