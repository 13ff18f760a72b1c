// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// A writer holds an rw_mutex and waits for a mutex; the mutex's holder waits
// to read under the rw_mutex. The reader waits for the writer, the writer
// for the reader's mutex: a cycle through a reader/writer lock.
#include <vigil/vigil.h>
#include <cstdio>
#include <mutex>
#include <shared_mutex>

vigil::rw_mutex routes;
vigil::mutex stats;

int main() {
  auto writing = vigil::make_chan<int>(1);
  auto counting = vigil::make_chan<int>(1);
  vigil::go([=] {
    std::unique_lock w(routes);
    writing.send(1);
    counting.recv();
    std::lock_guard s(stats);  // held by the reader
  });
  vigil::go([=] {
    std::lock_guard s(stats);
    writing.recv();
    counting.send(1);
    std::shared_lock r(routes);  // held for writing
  });
  for (int i = 0; vigil::reports_made() == 0 && i < 100000; i++) vigil::sleep_for(std::chrono::milliseconds(1));
  std::printf("done\n");
}

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   2 tasks wait for each other in a cycle: none of them can ever be woken. The rest of the program runs on.
// CHECK:        Task [[W:[0-9]+]] waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by task [[R:[0-9]+]] (blocked in rw_mutex lock_shared):
// CHECK:          main::$_0::operator()() const {{.*}}deadlock_rw_writer_reader.cpp:21:
// CHECK:        Task [[R]] waits in rw_mutex lock_shared on vigil::rw_mutex 0x{{[0-9a-f]+}}, held or awaited by a writer: task [[W]] (blocked in mutex lock):
// CHECK:          main::$_1::operator()() const {{.*}}deadlock_rw_writer_reader.cpp:27:
// CHECK:      SUMMARY: vigil: deadlock (wait-for cycle)
// CHECK-NOT:  WARNING: vigil
// CHECK:      done
// CHECK-NOT:  WARNING: vigil
