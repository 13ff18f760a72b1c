// internal_alloc_test.cpp — the runtime's own heap: sizes, alignment, reuse,
// realloc, large blocks, and that it never hands out the program's heap.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include "detect/defs.h"

using namespace vigil::detect;

TEST(InternalAlloc, EverySizeIsUsableAndAligned) {
  std::vector<std::pair<unsigned char *, size_t>> blocks;
  for (size_t n = 1; n <= (size_t{1} << 18); n = n * 5 / 4 + 1) {
    auto *p = static_cast<unsigned char *>(internal_alloc(n));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u) << n;
    std::memset(p, static_cast<int>(n & 0xff), n);
    blocks.push_back({p, n});
  }
  for (auto [p, n] : blocks) {
    for (size_t i = 0; i < n; i += 97) ASSERT_EQ(p[i], static_cast<unsigned char>(n & 0xff)) << n;
    internal_free(p);
  }
}

TEST(InternalAlloc, FreedBlocksAreReused) {
  void *a = internal_alloc(200);
  internal_free(a);
  void *b = internal_alloc(200);
  EXPECT_EQ(a, b);
  internal_free(b);
}

// A freed large block stays readable (the fast path may scan a read set that
// was freed under it) and is reused by the next large request it fits.
TEST(InternalAlloc, LargeBlocksStayMappedAndAreReused) {
  constexpr size_t kSize = size_t{300} << 10;
  auto *a = static_cast<volatile unsigned char *>(internal_alloc(kSize));
  a[0] = 1;
  a[kSize - 1] = 2;
  internal_free(const_cast<unsigned char *>(a));
  EXPECT_EQ(a[0], 0);  // mapped, its pages given back
  EXPECT_EQ(a[kSize - 1], 0);
  void *b = internal_alloc(kSize);
  EXPECT_EQ(b, const_cast<unsigned char *>(a));
  internal_free(b);
}

// Lock-free readers bound what they read of a block that may be freed under
// them by internal_block_readable: a block's own bytes always, never past
// its 256 KiB chunk (or a large block's mapping).
TEST(InternalAlloc, BlockReadableStopsAtTheChunk) {
  void *p = internal_alloc(100);
  EXPECT_TRUE(internal_block_readable(p, 100));
  size_t to_chunk_end = (size_t{256} << 10) - (reinterpret_cast<uintptr_t>(p) & ((size_t{256} << 10) - 1));
  EXPECT_TRUE(internal_block_readable(p, to_chunk_end));
  EXPECT_FALSE(internal_block_readable(p, to_chunk_end + 1));
  internal_free(p);
  constexpr size_t kLargeSize = size_t{300} << 10;
  void *q = internal_alloc(kLargeSize);
  EXPECT_TRUE(internal_block_readable(q, kLargeSize));
  EXPECT_FALSE(internal_block_readable(q, size_t{1} << 20));
  internal_free(q);
  EXPECT_TRUE(internal_block_readable(q, kLargeSize));  // freed, still mapped
}

TEST(InternalAlloc, CallocZeroesReusedMemory) {
  auto *p = static_cast<unsigned char *>(internal_alloc(1000));
  std::memset(p, 0xab, 1000);
  internal_free(p);
  auto *q = static_cast<unsigned char *>(internal_calloc(10, 100));
  for (int i = 0; i < 1000; i++) ASSERT_EQ(q[i], 0) << i;
  internal_free(q);
}

TEST(InternalAlloc, ReallocKeepsContents) {
  auto *p = static_cast<unsigned char *>(internal_alloc(24));
  for (int i = 0; i < 24; i++) p[i] = static_cast<unsigned char>(i);
  for (size_t n : {size_t{40}, size_t{3000}, size_t{200000}, size_t{30}}) {
    p = static_cast<unsigned char *>(internal_realloc(p, n));
    for (int i = 0; i < 24; i++) ASSERT_EQ(p[i], i) << n;
  }
  internal_free(p);
}

TEST(InternalAlloc, NotTheProgramsHeap) {
  // A block of the runtime's and a block of malloc's never share a page.
  void *mine = internal_alloc(64);
  void *theirs = std::malloc(64);
  EXPECT_NE(reinterpret_cast<uintptr_t>(mine) >> 12, reinterpret_cast<uintptr_t>(theirs) >> 12);
  std::free(theirs);
  internal_free(mine);
}

TEST(InternalAlloc, ConcurrentUseGivesDistinctBlocks) {
  constexpr int kThreads = 4, kPerThread = 20000;
  std::vector<std::vector<void *>> got(kThreads);
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; t++)
    ts.emplace_back([&got, t] {
      for (int i = 0; i < kPerThread; i++) {
        void *p = internal_alloc(48 + (i % 3) * 16);
        *static_cast<int *>(p) = t;
        if (i % 4 == 3) internal_free(p);
        else got[t].push_back(p);
      }
    });
  for (auto &t : ts) t.join();
  std::set<void *> all;
  for (int t = 0; t < kThreads; t++)
    for (void *p : got[t]) {
      EXPECT_EQ(*static_cast<int *>(p), t);
      EXPECT_TRUE(all.insert(p).second);
    }
  for (void *p : all) internal_free(p);
}
