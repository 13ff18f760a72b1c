// shadow_test.cpp — the shadow directory and resets.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <sys/mman.h>

#include "detect/shadow.h"

using namespace vigil::detect;

TEST(Shadow, CellsAreDistinctPerWordAndStable) {
  static long globals[4];
  uintptr_t a = reinterpret_cast<uintptr_t>(&globals[0]);
  EXPECT_EQ(shadow_cell_for(a), shadow_cell_for(a + 7));
  EXPECT_EQ(shadow_cell_for(a) + 1, shadow_cell_for(a + 8));
  EXPECT_NE(origin_for(shadow_cell_for(a), a), origin_for(shadow_cell_for(a + 8), a + 8));
}

TEST(Shadow, WorksForStackHeapAndHighMappings) {
  alignas(8) long local = 0;
  void *heap = std::malloc(64);  // malloc returns 16-aligned blocks
  // A mapping near the top of the user address space: no assumption about
  // where the kernel places memory.
  void *hint = reinterpret_cast<void *>(uintptr_t{0x7ff000000000});
  void *high = mmap(hint, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(high, MAP_FAILED);
  for (void *p : {static_cast<void *>(&local), heap, high}) {
    shadow_cell *c = shadow_cell_for(reinterpret_cast<uintptr_t>(p));
    c->w = make_entry(uint64_t{5} << 32 | 9, 0xff, false);
    EXPECT_EQ(entry_slot(c->w), 5u);
    EXPECT_EQ(entry_clock(c->w), 9u);
    EXPECT_EQ(entry_mask(c->w), 0xffu);
    shadow_reset(reinterpret_cast<uintptr_t>(p), 8);
    EXPECT_EQ(c->w, 0u);
  }
  munmap(high, 4096);
  std::free(heap);
}

TEST(Shadow, PartialResetKeepsOtherBytes) {
  alignas(8) static char buf[16];
  uintptr_t a = reinterpret_cast<uintptr_t>(buf);
  shadow_cell *c = shadow_cell_for(a);
  c->w = make_entry(uint64_t{1} << 32 | 1, 0xff, false);
  c->r = make_entry(uint64_t{2} << 32 | 1, 0x0f, false);
  shadow_reset(a + 2, 4);  // bytes 2..5
  EXPECT_EQ(entry_mask(c->w), 0xc3u);
  EXPECT_EQ(entry_mask(c->r), 0x03u);
}

TEST(Shadow, LargeResetClearsEverything) {
  size_t n = 1 << 22;
  char *p = static_cast<char *>(std::malloc(n));
  for (size_t i = 0; i < n; i += 8) shadow_cell_for(reinterpret_cast<uintptr_t>(p + i))->w = 1;
  shadow_reset(reinterpret_cast<uintptr_t>(p), n);
  for (size_t i = 0; i < n; i += 8) ASSERT_EQ(shadow_cell_for(reinterpret_cast<uintptr_t>(p + i))->w, 0u);
  std::free(p);
}

// A large reset gives the pages of its cells and origins back to the kernel
// (a freed array's shadow must not stay resident).
TEST(Shadow, LargeResetReleasesCellsAndOrigins) {
  size_t n = size_t{8} << 20;  // 8 MiB: 16 MiB of cells, 8 MiB of origins
  void *m = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(m, MAP_FAILED);
  auto p = reinterpret_cast<uintptr_t>(m);
  for (size_t i = 0; i < n; i += 8) {
    shadow_cell *c = shadow_cell_for(p + i);
    c->w = 1;
    origin_for(c, p + i)->w_stack = 1;
  }
  shadow_residency before = shadow_resident();
  shadow_reset(p, n);
  shadow_residency after = shadow_resident();
  EXPECT_GE(before.cells - after.cells, 2 * n - (size_t{1} << 20));
  EXPECT_GE(before.origins - after.origins, n - (size_t{1} << 20));
  for (size_t i = 0; i < n; i += 4096) ASSERT_EQ(shadow_cell_for(p + i)->w, 0u);
  munmap(m, n);
}

// A reset that covers part of a line (the last word of one small heap block
// is the first word of the line where the next block starts) must not touch
// the line's lock, held in its first cell's r, while another thread holds
// it: it waits, and resets only its own words. (It zeroed the cell without
// the lock: the lock was released under its holder, and two threads then
// changed the neighbour's cells at once.)
TEST(Shadow, PartialLineResetWaitsForTheLineLock) {
  alignas(32) static long line[4];
  uintptr_t a = reinterpret_cast<uintptr_t>(line);
  shadow_cell *head = shadow_cell_for(a);
  ASSERT_EQ(line_head(head), head);
  for (int i = 0; i < 4; i++) {
    head[i].w = make_entry(uint64_t{3} << 32 | 7, 0xff, false);
    if (i) head[i].r = make_entry(uint64_t{4} << 32 | 7, 0xff, false);
  }
  std::atomic<bool> reset_done{false};
  shadow_entry held = line_lock(head, nullptr);  // a neighbour's access, in progress
  std::thread resetter([&] {
    shadow_reset(a, 8);  // the first word only
    reset_done.store(true);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(reset_done.load());
  EXPECT_TRUE(__atomic_load_n(&head->r, __ATOMIC_RELAXED) & kLockBit);
  EXPECT_NE(head->w, 0u);
  line_unlock(head, held, nullptr);
  resetter.join();
  EXPECT_EQ(head->w, 0u);
  EXPECT_EQ(head->r, 0u);
  for (int i = 1; i < 4; i++) {  // the neighbour's words keep their accesses
    EXPECT_EQ(entry_slot(head[i].w), 3u);
    EXPECT_EQ(entry_slot(head[i].r), 4u);
  }
}

// A reset of whole lines in the middle of a range and parts at both ends.
TEST(Shadow, ResetOfPartLinesAndWholeLines) {
  alignas(32) static long words[16];
  uintptr_t a = reinterpret_cast<uintptr_t>(words);
  for (int i = 0; i < 16; i++) shadow_cell_for(a + 8 * i)->w = make_entry(uint64_t{1} << 32 | 1, 0xff, false);
  shadow_reset(a + 8 * 3, 8 * 10);  // words 3..12: a part, two whole lines, a part
  for (int i = 0; i < 16; i++)
    EXPECT_EQ(shadow_cell_for(a + 8 * i)->w != 0, i < 3 || i > 12) << "word " << i;
  shadow_reset(a + 8 * 1, 8 * 2);  // words 1..2: inside one line
  for (int i = 0; i < 4; i++) EXPECT_EQ(shadow_cell_for(a + 8 * i)->w != 0, i == 0) << "word " << i;
}
