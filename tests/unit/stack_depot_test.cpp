// stack_depot_test.cpp — the call trie behind stack ids, and stack groups.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "detect/stack_depot.h"

using namespace vigil::detect;

TEST(StackDepot, InterningIsStable) {
  stack_depot_init();
  stack_id a = stack_intern(0, 0x1000);
  stack_id b = stack_intern(a, 0x2000);
  EXPECT_NE(a, 0u);
  EXPECT_NE(a, b);
  EXPECT_EQ(stack_intern(0, 0x1000), a);
  EXPECT_EQ(stack_intern(a, 0x2000), b);
  EXPECT_NE(stack_intern(b, 0x1000), a);  // same pc, other parent
}

TEST(StackDepot, UnwindsInnermostFirst) {
  stack_depot_init();
  stack_id s = 0;
  for (uintptr_t pc = 1; pc <= 5; pc++) s = stack_intern(s, 0x5000 + pc);
  uintptr_t pcs[8];
  ASSERT_EQ(stack_unwind(s, pcs, 8), 5u);
  EXPECT_EQ(pcs[0], 0x5005u);
  EXPECT_EQ(pcs[4], 0x5001u);
  EXPECT_EQ(stack_unwind(s, pcs, 2), 2u);
  EXPECT_EQ(stack_unwind(0, pcs, 8), 0u);
}

TEST(StackDepot, ConcurrentInterningAgrees) {
  stack_depot_init();
  constexpr int kThreads = 4, kStacks = 20000;
  std::vector<std::vector<stack_id>> ids(kThreads, std::vector<stack_id>(kStacks));
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; t++)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kStacks; i++) ids[t][i] = stack_intern(stack_intern(0, 0x9000), 0x10000 + i);
    });
  for (auto &t : ts) t.join();
  for (int t = 1; t < kThreads; t++) EXPECT_EQ(ids[t], ids[0]);
}

TEST(StackGroups, EqualGroupsShareOneIdAndKeepEachBytesStack) {
  stack_depot_init();
  stack_id a = stack_intern(0, 0x7100), b = stack_intern(0, 0x7200);
  stack_id halves[8] = {a, a, a, a, b, b, b, b};
  stack_id other[8] = {b, b, b, b, a, a, a, a};
  stack_id partial[8] = {a, a, 0, 0, 0, 0, b, b};
  stack_group g = stack_group_intern(halves);
  ASSERT_NE(g, 0u);
  EXPECT_EQ(stack_group_intern(halves), g);
  stack_group h = stack_group_intern(other), p = stack_group_intern(partial);
  EXPECT_NE(h, g);
  EXPECT_NE(p, g);
  EXPECT_NE(p, h);
  for (unsigned byte = 0; byte < 8; byte++) {
    EXPECT_EQ(stack_group_byte(g, byte), halves[byte]);
    EXPECT_EQ(stack_group_byte(h, byte), other[byte]);
    EXPECT_EQ(stack_group_byte(p, byte), partial[byte]);
  }
  EXPECT_EQ(stack_group_first(g, 0xf0), b);
  EXPECT_EQ(stack_group_first(g, 0x0c), a);
  EXPECT_EQ(stack_group_first(p, 0xc0), b);
}

TEST(StackGroups, ConcurrentInterningAgrees) {
  stack_depot_init();
  constexpr int kThreads = 4, kGroups = 5000;
  std::vector<std::vector<stack_group>> ids(kThreads, std::vector<stack_group>(kGroups));
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; t++)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kGroups; i++) {
        stack_id lo = stack_intern(0, 0x20000 + i), hi = stack_intern(0, 0x40000 + i);
        stack_id by_byte[8] = {lo, lo, lo, lo, hi, hi, hi, hi};
        ids[t][i] = stack_group_intern(by_byte);
      }
    });
  for (auto &t : ts) t.join();
  for (int t = 1; t < kThreads; t++) EXPECT_EQ(ids[t], ids[0]);
  std::vector<stack_group> sorted = ids[0];
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());  // distinct groups, distinct ids
}
