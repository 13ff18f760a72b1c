// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// A partial deadlock is reported while the program runs on: two workers take
// two vigil mutexes in opposite orders and wait for each other for ever,
// while main keeps serving requests through a channel. Main polls
// vigil::reports_made() (a handshake, no timing): it sees the report arrive
// while it still works, then finishes normally.
#include <vigil/vigil.h>
#include <cstdio>
#include <mutex>

vigil::mutex accounts, audit_log;

int main() {
  auto first_taken = vigil::make_chan<int>(2);
  auto both_ready = vigil::make_chan<int>(2);
  vigil::go([=] {
    std::lock_guard a(accounts);
    first_taken.send(1);
    both_ready.recv();
    std::lock_guard b(audit_log);  // held by the auditor
  });
  vigil::go([=] {
    std::lock_guard b(audit_log);
    first_taken.send(2);
    both_ready.recv();
    std::lock_guard a(accounts);  // held by the transfer
  });
  first_taken.recv();
  first_taken.recv();
  both_ready.send(0);
  both_ready.send(0);

  // The rest of the program: a request loop that keeps running.
  auto requests = vigil::make_chan<int>();
  auto replies = vigil::make_chan<int>();
  vigil::go([=] {
    for (int r : requests) replies.send(r * 2);
    replies.close();
  });
  long served = 0;
  for (int i = 0; vigil::reports_made() == 0 && i < 100000; i++) {
    requests.send(i);
    served += replies.recv().value() > 0;
    vigil::sleep_for(std::chrono::milliseconds(1));
  }
  requests.close();
  while (replies.recv()) {
  }
  std::printf("main saw %u report(s) while serving requests\n", vigil::reports_made());
}

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   2 tasks wait for each other in a cycle: none of them can ever be woken. The rest of the program runs on.
// CHECK:        Task [[A:[0-9]+]] waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by task [[B:[0-9]+]] (blocked in mutex lock):
// CHECK:          main::$_0::operator()() const {{.*}}deadlock_while_running.cpp:21:
// CHECK:        Task [[B]] waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by task [[A]] (blocked in mutex lock):
// CHECK:          main::$_1::operator()() const {{.*}}deadlock_while_running.cpp:27:
// CHECK:        Task [[A]] (blocked in mutex lock, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}deadlock_while_running.cpp:17:
// CHECK:        Task [[B]] (blocked in mutex lock, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}deadlock_while_running.cpp:23:
// CHECK:      SUMMARY: vigil: deadlock (wait-for cycle)
// CHECK-NOT:  WARNING: vigil
// CHECK:      main saw 1 report(s) while serving requests
// CHECK-NOT:  WARNING: vigil
// CHECK:      vigil: 2 tasks still blocked as reported above (not repeated)
// CHECK-NOT:  WARNING: vigil
