// RUN: %vigil_cxx -O0 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Sleeping is not synchronization: the reader sleeps "long enough" (usleep,
// nanosleep, std::this_thread::sleep_for) before reading, but nothing orders
// the writer's write before the read. (The invisible barrier makes the order
// certain; the sleeps are what a buggy program would rely on.)
#include "vigil_test.h"
#include <chrono>
#include <ctime>
#include <thread>
#include <unistd.h>

int ready_flag;
static invisible_barrier order;

__attribute__((noinline)) void writer() {
  ready_flag = 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void sleepy_reader() {
  usleep(1000);
  timespec ts = {0, 1000000};
  nanosleep(&ts, nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  invisible_barrier_wait(&order);
  int v = ready_flag; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread a(writer), b(sleepy_reader);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 sleepy_reader(){{.*}}sleep_race.cpp:27:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 writer(){{.*}}sleep_race.cpp:17:
// CHECK: Location is global 'ready_flag' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}sleep_race.cpp:27:{{[0-9]+}} in sleepy_reader()
