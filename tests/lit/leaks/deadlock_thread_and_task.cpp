// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// A thread and a task deadlock over two vigil mutexes (AB-BA across the
// thread/task boundary) while main runs on: the cycle names the thread and
// the task, each with the mutex it waits for and who holds it.
#include <vigil/vigil.h>
#include <cstdio>
#include <thread>

vigil::mutex config, cache;

int main() {
  auto first_taken = vigil::make_chan<int>(2);
  auto both_ready = vigil::make_chan<int>(2);
  std::thread reloader([=] {
    config.lock();
    first_taken.send(1);
    both_ready.recv();
    cache.lock();  // held by the task
  });
  vigil::go([=] {
    cache.lock();
    first_taken.send(2);
    both_ready.recv();
    config.lock();  // held by the thread
  });
  first_taken.recv();
  first_taken.recv();
  both_ready.send(0);
  both_ready.send(0);
  for (int i = 0; vigil::reports_made() == 0 && i < 100000; i++) vigil::sleep_for(std::chrono::milliseconds(1));
  std::printf("main goes on\n");
  reloader.detach();  // stuck for ever: the process ends without it
}

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   1 task and 1 thread wait for each other in a cycle: none of them can ever be woken. The rest of the program runs on.
// CHECK-DAG:    Task [[T:[0-9]+]] waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by thread [[TID:[0-9]+]] (blocked in mutex lock):
// CHECK-DAG:    Thread [[TID]] waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by task [[T]] (blocked in mutex lock):
// CHECK-DAG:      #0 main::$_1::operator()() const {{.*}}deadlock_thread_and_task.cpp:25:
// CHECK-DAG:      #0 main::$_0::operator()() const {{.*}}deadlock_thread_and_task.cpp:19:
// CHECK:      SUMMARY: vigil: deadlock (wait-for cycle)
// CHECK-NOT:  WARNING: vigil
// CHECK:      main goes on
// CHECK-NOT:  WARNING: vigil
