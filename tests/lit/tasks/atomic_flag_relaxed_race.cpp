// RUN: %vigil_cxx -O1 -g %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The twin of atomic_flag_publish.cpp with a relaxed flag: the consumer sees
// the flag set, but a relaxed store publishes nothing. (The flag itself
// orders the accesses in time: the producer writes, then the consumer reads.)
#include <vigil/vigil.h>

#include <atomic>
#include <cstdio>

struct result_t {
  int value;
  int checksum;
};
result_t res;
std::atomic<bool> ready{false};

int main() {
  vigil::wait_group wg;
  int value = 0;
  wg.add(2);
  vigil::go([&] {
    while (!ready.load(std::memory_order_relaxed)) vigil::yield();
    value = res.value;  // CUR
    wg.done();
  });
  vigil::go([&] {
    res.value = 6;  // PREV
    ready.store(true, std::memory_order_relaxed);
    wg.done();
  });
  wg.wait();
  std::printf("value %d\n", value);
}
// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}atomic_flag_relaxed_race.cpp:24
// CHECK: Previous write of size 4 at {{.*}} by task {{[0-9]+}}:
// CHECK-NEXT: #0 {{.*}}atomic_flag_relaxed_race.cpp:28
// CHECK: SUMMARY: vigil: data race {{.*}}atomic_flag_relaxed_race.cpp:24
