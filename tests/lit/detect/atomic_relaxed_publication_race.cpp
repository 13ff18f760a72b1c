// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Publication through a relaxed store / relaxed load: the flag is seen, but a
// relaxed pair creates no happens-before, so the payload read races.
#include "vigil_test.h"
#include <atomic>
#include <thread>

int payload;
std::atomic<int> flag{0};

__attribute__((noinline)) void publish() {
  payload = 42; // PREV
  flag.store(1, std::memory_order_relaxed);
}

__attribute__((noinline)) void consume_payload() {
  while (flag.load(std::memory_order_relaxed) == 0) {
  }
  int v = payload; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  std::thread b(consume_payload), a(publish);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 consume_payload(){{.*}}atomic_relaxed_publication_race.cpp:21:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 publish(){{.*}}atomic_relaxed_publication_race.cpp:14:
// CHECK: Location is global 'payload' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}atomic_relaxed_publication_race.cpp:21:{{[0-9]+}} in consume_payload()
