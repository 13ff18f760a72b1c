// clock_test.cpp — vector clocks.
#include <gtest/gtest.h>

#include "detect/clock.h"

using vigil::detect::vclock;

TEST(Clock, StartsEmpty) {
  vclock c;
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.get(0), 0u);
  EXPECT_EQ(c.get(123456), 0u);
  EXPECT_EQ(c.memory_bytes(), 0u);
}

TEST(Clock, SetGetAcrossChunks) {
  vclock c;
  c.set(3, 7);
  c.set(1000, 9);
  EXPECT_EQ(c.get(3), 7u);
  EXPECT_EQ(c.get(1000), 9u);
  EXPECT_EQ(c.get(4), 0u);
  EXPECT_EQ(c.get(999), 0u);
  EXPECT_FALSE(c.empty());
}

TEST(Clock, JoinTakesMaxima) {
  vclock a, b;
  a.set(1, 5);
  a.set(2, 1);
  b.set(2, 4);
  b.set(700, 2);
  a.join(b);
  EXPECT_EQ(a.get(1), 5u);
  EXPECT_EQ(a.get(2), 4u);
  EXPECT_EQ(a.get(700), 2u);
  EXPECT_EQ(b.get(1), 0u);  // the source is unchanged
}

TEST(Clock, AssignCopiesAndForgets) {
  vclock a, b;
  a.set(1, 5);
  a.set(300, 5);
  b.set(2, 4);
  a.assign(b);
  EXPECT_EQ(a.get(1), 0u);
  EXPECT_EQ(a.get(300), 0u);
  EXPECT_EQ(a.get(2), 4u);
}

TEST(Clock, ClearKeepsMemoryResetFreesIt) {
  vclock a;
  a.set(70, 1);
  size_t before = a.memory_bytes();
  a.clear();
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.memory_bytes(), before);
  a.reset();
  EXPECT_EQ(a.memory_bytes(), 0u);
}

TEST(Clock, FarSlotCostsOneChunkAndAShortDirectory) {
  vclock a;
  a.set(100000, 1);
  // One chunk of 64 entries plus a directory of 100000/64 + 1 pointers.
  EXPECT_EQ(a.memory_bytes(), 64 * 4 + (100000 / 64 + 1) * sizeof(void *));
}
