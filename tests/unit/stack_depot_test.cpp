// stack_depot_test.cpp — the call trie behind stack ids.
#include <gtest/gtest.h>

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
