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
  // One chunk of 64 entries (and its 8-byte sharing header), one leaf of 64
  // chunk pointers, and a top directory of 100000/64/64 + 1 leaf pointers.
  EXPECT_EQ(a.memory_bytes(), 8 + 64 * 4 + 64 * sizeof(void *) + (100000 / 64 / 64 + 1) * sizeof(void *));
  // A clock that also knows slot 0 (a task late in a large run) adds a leaf
  // and a chunk, not a directory as wide as its highest slot.
  a.set(0, 1);
  EXPECT_EQ(a.memory_bytes(), 2 * (8 + 64 * 4) + 2 * 64 * sizeof(void *) + (100000 / 64 / 64 + 1) * sizeof(void *));
  EXPECT_EQ(a.get(0), 1u);
  EXPECT_EQ(a.get(100000), 1u);
  EXPECT_EQ(a.get(99999), 0u);
  EXPECT_EQ(a.get(1u << 19), 0u);
}

// Chunks are shared copy-on-write: a clock assigned or joined from another
// never sees the other's later writes, nor the other its own.
TEST(Clock, SharedChunksAreCopiedOnWrite) {
  vclock a, b, c;
  a.set(3, 5);
  a.set(70, 9);
  b.assign(a);  // shares both chunks
  c.join(a);    // c was empty: shares them too
  a.set(3, 6);
  b.set(70, 10);
  c.raise(3, 7);
  EXPECT_EQ(a.get(3), 6u);
  EXPECT_EQ(a.get(70), 9u);
  EXPECT_EQ(b.get(3), 5u);
  EXPECT_EQ(b.get(70), 10u);
  EXPECT_EQ(c.get(3), 7u);
  EXPECT_EQ(c.get(70), 9u);
  // Joining a clock into one that already holds the same chunk raises nothing.
  vclock d;
  d.assign(c);
  uint64_t before = d.changes();
  d.join(c);
  EXPECT_EQ(d.changes(), before);
  // A flat join into a shared chunk copies it first.
  vigil::detect::clock_t_ flat[71] = {};
  flat[70] = 20;
  d.join(flat, 71);
  EXPECT_EQ(d.get(70), 20u);
  EXPECT_EQ(c.get(70), 9u);
  // Freeing every holder frees the chunk (the allocator would catch a double free).
  a.reset();
  b.reset();
  c.reset();
  d.reset();
  EXPECT_TRUE(d.empty());
}
