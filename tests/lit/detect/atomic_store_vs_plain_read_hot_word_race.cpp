// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A word that two threads keep re-reading atomically (its reads kept in a
// small private set, updated in place) is also read once with a plain load
// by a third thread; an atomic store unordered with that plain read races
// with it, and must find it among the atomic readers' entries.
#include "vigil_test.h"
#include <atomic>
#include <thread>

constexpr long kRounds = 20000;
std::atomic<long> value{1};
std::atomic<long> ticks[2];
std::atomic<int> spun{0}, peeked{0};
long sinks[3];

__attribute__((noinline)) void spinner(int id) {
  long sink = 0;
  for (long k = 1; k <= kRounds; k++) {
    sink += value.load(std::memory_order_relaxed);
    ticks[id].store(k, std::memory_order_release);  // a new epoch for the next load
  }
  sinks[id] = sink;
  spun.fetch_add(1, std::memory_order_relaxed);
}

__attribute__((noinline)) void peeker() {
  while (spun.load(std::memory_order_relaxed) < 2) {
  }
  sinks[2] = *reinterpret_cast<volatile long *>(&value); // PREV
  peeked.store(1, std::memory_order_relaxed);
}

int main() {
  std::thread a(spinner, 0), b(spinner, 1), c(peeker);
  while (peeked.load(std::memory_order_relaxed) == 0) {
  }
  value.store(2, std::memory_order_relaxed); // CUR
  a.join();
  b.join();
  c.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Atomic write of size 8 at {{.*}} by main thread:
// CHECK: #{{[0-9]+}} main{{.*}}atomic_store_vs_plain_read_hot_word_race.cpp:38:
// CHECK: Previous read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} peeker(){{.*}}atomic_store_vs_plain_read_hot_word_race.cpp:30:
// CHECK: SUMMARY: vigil: data race
