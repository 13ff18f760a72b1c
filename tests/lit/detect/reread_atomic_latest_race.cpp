// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// Two threads keep re-reading an atomic, each in a new epoch (a release after
// every read): the word keeps one read per thread, replaced at each read
// without the cell lock (access.cpp, "Own reads without the lock"). The main
// thread synchronizes with every read but the last one of each thread, then
// re-initializes the atomic with a plain write: it races with the last reads
// only, which must therefore be the ones recorded.
#include "vigil_test.h"
#include <atomic>
#include <new>
#include <thread>

constexpr long kRounds = 20000;
std::atomic<long> value{1};
std::atomic<long> round_done[2];
std::atomic<int> finished[2];
long sinks[2];

__attribute__((noinline)) void reader(int id) {
  long sink = 0;
  for (long k = 1; k <= kRounds; k++) {
    sink += value.load(std::memory_order_relaxed);
    round_done[id].store(k, std::memory_order_release);
  }
  sink += value.load(std::memory_order_relaxed); // PREV
  sinks[id] = sink;
  finished[id].store(1, std::memory_order_relaxed);
}

int main() {
  std::thread a(reader, 0), b(reader, 1);
  while (round_done[0].load(std::memory_order_acquire) < kRounds ||
         round_done[1].load(std::memory_order_acquire) < kRounds) {
  }
  // No edge from the last reads: relaxed flags.
  while (finished[0].load(std::memory_order_relaxed) == 0 || finished[1].load(std::memory_order_relaxed) == 0) {
  }
  new (&value) std::atomic<long>(7); // CUR
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Write of size 8 at {{.*}} by main thread:
// CHECK: #{{[0-9]+}} main{{.*}}reread_atomic_latest_race.cpp:39:
// CHECK: Previous atomic read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} reader(int){{.*}}reread_atomic_latest_race.cpp:26:
// CHECK: SUMMARY: vigil: data race
