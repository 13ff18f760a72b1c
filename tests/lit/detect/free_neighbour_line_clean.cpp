// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Small heap blocks share the shadow's lines (a line covers 32 bytes; with
// glibc, 40-byte blocks are 48 bytes apart, so every other block ends one
// word into the line where the next block starts). When such a block is
// allocated again, its shadow reset covers that line's first word, whose
// cell holds the line's lock. Three threads keep reading the next blocks,
// each in a new epoch per sweep (their reads become shared read sets,
// locked at every read), while the main thread frees and allocates the
// blocks in between. A reset that zeroed the head cell under a reader
// released the reader's lock to another reader: two owners changed one
// cell at once and a read set's count went negative (CHECK(refs >= 0) at
// a thread's exit). The program is correct: nothing is reported and it
// finishes.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

struct block {
  long f[5];  // 40 bytes
};
constexpr int kBlocks = 1024;
constexpr int kRounds = 2000;
block *blocks[kBlocks];
std::vector<int> reused, read_only;  // indices, by where the block starts in its line
std::atomic<int> ticks[3];
std::atomic<bool> done{false};

int main() {
  for (int i = 0; i < kBlocks; i++) {
    blocks[i] = static_cast<block *>(std::malloc(sizeof(block)));
    for (long &f : blocks[i]->f) f = i;
    (reinterpret_cast<uintptr_t>(blocks[i]) % 32 == 0 ? reused : read_only).push_back(i);
  }
  std::vector<std::thread> readers;
  long sums[3] = {};
  for (int t = 0; t < 3; t++) {
    readers.emplace_back([t, &sums] {
      long sum = 0;
      for (int round = 0; round < 20 || !done.load(std::memory_order_relaxed); round++) {
        for (int i : read_only) sum += blocks[i]->f[0] + blocks[i]->f[1];
        ticks[t].store(round, std::memory_order_release);  // a new epoch per sweep
      }
      sums[t] = sum;
    });
  }
  // The other blocks, freed and allocated again (the same chunks come back).
  for (int round = 0; round < kRounds; round++) {
    for (int i : reused) {
      std::free(blocks[i]);
      blocks[i] = static_cast<block *>(std::malloc(sizeof(block)));
      blocks[i]->f[4] = round;
    }
  }
  done.store(true);
  for (auto &r : readers) r.join();
  long last = 0;
  for (int i : reused) last += blocks[i]->f[4];
  std::printf("blocks sharing lines %zu, reads %d\n", read_only.size(), sums[0] > 0 && sums[1] > 0 && sums[2] > 0);
  for (int i = 0; i < kBlocks; i++) std::free(blocks[i]);
  return last == long(kRounds - 1) * long(reused.size()) ? 0 : 1;
}

// CHECK-NOT: WARNING: vigil
// CHECK-NOT: internal error
// CHECK: blocks sharing lines {{[1-9][0-9]+}}, reads 1
