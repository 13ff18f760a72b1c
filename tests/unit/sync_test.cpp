// sync_test.cpp — sync objects: keyed by address through the word's meta
// slot, byte-overlap lookup, destruction by range, reuse of pool slots.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "detect/shadow.h"
#include "detect/sync.h"

using namespace vigil::detect;

namespace {
uintptr_t addr_of(const void *p) { return reinterpret_cast<uintptr_t>(p); }

void create(uintptr_t a, uint32_t size = 1) {
  sync_var *s = sync_find(a, true, 0, size);
  ASSERT_NE(s, nullptr);
  s->mu.assert_held();
  s->mu.unlock();
}
bool exists(uintptr_t a) {
  sync_var *s = sync_find(a, false);
  if (!s) return false;
  s->mu.assert_held();
  s->mu.unlock();
  return true;
}
}  // namespace

TEST(Sync, FindCreatesOnceAndFindsAgain) {
  alignas(8) static uint64_t words[4];
  sync_var *a = sync_find(addr_of(&words[1]), true);
  a->mu.assert_held();
  a->mu.unlock();
  sync_var *b = sync_find(addr_of(&words[1]), false);
  ASSERT_EQ(a, b);
  b->mu.assert_held();
  b->mu.unlock();
  EXPECT_FALSE(exists(addr_of(&words[0])));
  EXPECT_FALSE(exists(addr_of(&words[1]) + 1));  // same word, other byte: another key
  sync_destroy(addr_of(&words[1]));
  EXPECT_FALSE(exists(addr_of(&words[1])));
}

TEST(Sync, OverlapFindsEveryVarOfTheBytes) {
  alignas(8) static uint64_t word;
  uintptr_t a = addr_of(&word);
  create(a, 4);      // low half
  create(a + 4, 4);  // high half
  uint32_t idx[8];
  EXPECT_EQ(sync_overlapping(a, 8, idx), 2u);      // the whole word sees both
  EXPECT_EQ(sync_overlapping(a, 4, idx), 1u);      // a half sees its own only
  EXPECT_EQ(sync_at(idx[0])->addr, a);
  EXPECT_EQ(sync_overlapping(a + 4, 2, idx), 1u);
  EXPECT_EQ(sync_at(idx[0])->addr, a + 4);
  EXPECT_EQ(sync_overlapping(a + 2, 2, idx), 1u);  // inside the low half
  sync_destroy_range(a, 8);
  EXPECT_EQ(sync_overlapping(a, 8, idx), 0u);
}

TEST(Sync, RangeDestroyTakesEveryVarAndSparesNeighbours) {
  constexpr size_t kN = 1 << 20;  // a million atomics: destroyed word by word, not searched
  auto words = std::make_unique<uint64_t[]>(kN + 2);
  size_t before = sync_live_count();
  for (size_t i = 0; i < kN + 2; i++) create(addr_of(&words[i]), 8);
  EXPECT_EQ(sync_live_count(), before + kN + 2);
  sync_destroy_range(addr_of(&words[1]), kN * 8);
  EXPECT_EQ(sync_live_count(), before + 2);
  EXPECT_TRUE(exists(addr_of(&words[0])));
  EXPECT_TRUE(exists(addr_of(&words[kN + 1])));
  EXPECT_FALSE(exists(addr_of(&words[kN / 2])));
  sync_destroy_range(addr_of(&words[0]), (kN + 2) * 8);
  EXPECT_EQ(sync_live_count(), before);
  // The pool slots are reused: a million more do not grow the live count past it.
  for (size_t i = 0; i < kN; i++) create(addr_of(&words[i]), 8);
  sync_destroy_range(addr_of(&words[0]), kN * 8);
  EXPECT_EQ(sync_live_count(), before);
}

TEST(Sync, ConcurrentCreateOfOneKeyGivesOneVar) {
  alignas(8) static uint64_t word;
  constexpr int kThreads = 4;
  sync_var *got[kThreads];
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; t++)
    ts.emplace_back([&got, t] {
      sync_var *s = sync_find(addr_of(&word) + 2, true);
      s->mu.assert_held();
      s->mu.unlock();
      got[t] = s;
    });
  for (auto &t : ts) t.join();
  for (int t = 1; t < kThreads; t++) EXPECT_EQ(got[t], got[0]);
  sync_destroy(addr_of(&word) + 2);
}

// Threads that create vars and threads that destroy them (a pool's tasks
// and whoever frees their results) exchange the pool's indices in batches:
// every var is accounted for once the threads have given their caches back.
TEST(Sync, VarsCreatedAndDestroyedByDifferentThreadsAreAllReturned) {
  constexpr size_t kPerThread = 1 << 16;
  constexpr int kThreads = 4;
  auto words = std::make_unique<uint64_t[]>(kPerThread * kThreads);
  size_t before = sync_live_count();
  std::vector<std::thread> makers;
  for (int t = 0; t < kThreads; t++)
    makers.emplace_back([&words, t] {
      for (size_t i = 0; i < kPerThread; i++) create(addr_of(&words[t * kPerThread + i]), 8);
      sync_thread_exit();
    });
  for (auto &t : makers) t.join();
  EXPECT_EQ(sync_live_count(), before + kPerThread * kThreads);
  std::vector<std::thread> destroyers;
  for (int t = 0; t < kThreads; t++)
    destroyers.emplace_back([&words, t] {
      // Each destroys another thread's vars, word by word.
      int victim = (t + 1) % kThreads;
      for (size_t i = 0; i < kPerThread; i++) sync_destroy_range(addr_of(&words[victim * kPerThread + i]), 8);
      sync_thread_exit();
    });
  for (auto &t : destroyers) t.join();
  EXPECT_EQ(sync_live_count(), before);
  for (size_t i = 0; i < kPerThread * kThreads; i += 4099) EXPECT_FALSE(exists(addr_of(&words[i])));
}

TEST(Sync, KeysOutsideUserMemory) {
  uintptr_t key = kFdSyncBase + 17;
  EXPECT_FALSE(exists(key));
  create(key);
  EXPECT_TRUE(exists(key));
  EXPECT_FALSE(exists(key + 1));
  sync_destroy(key);
  EXPECT_FALSE(exists(key));
}

// The lock word is a sequence number: odd while held, two further after each
// critical section (the lock-free readers of atomic.cpp compare it).
TEST(SpinLock, SequenceIsOddWhileHeldAndMovesOnByTwo) VIGIL_NO_TSA {
  spin_lock mu;
  uint32_t s0 = mu.sequence();
  EXPECT_EQ(s0 & 1, 0u);
  mu.lock();
  EXPECT_EQ(mu.sequence(), s0 + 1);
  EXPECT_FALSE(mu.try_lock());
  mu.unlock();
  EXPECT_EQ(mu.sequence(), s0 + 2);
  ASSERT_TRUE(mu.try_lock());
  mu.unlock();
  EXPECT_EQ(mu.sequence(), s0 + 4);
}
