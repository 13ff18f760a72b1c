// detector_test.cpp — detector semantics, scripted: each "thread" is an owner
// driven by the test on one OS thread, so every interleaving is exact. The
// harness replaces the report writer and records the races found.
#include <gtest/gtest.h>

#include <sched.h>

#include <thread>
#include <vector>

#include "detect/abi_decls.h"
#include "detect/access.h"
#include "detect/sync.h"
#include "detect/reports.h"

namespace vigil::detect {
namespace {
struct recorded_race {
  race_access cur, prev;
};
std::vector<recorded_race> g_races;
}  // namespace

// The harness's report writer.
void report_race(owner *, const race_access &cur, const race_access &prev, unsigned) {
  g_races.push_back({cur, prev});
}

// The harness has no runtime start-up: a thread gets an owner at its first
// check, unordered with everything (the runtime's adoption, minus the
// interceptors' bookkeeping).
owner *owner_adopt_current_thread() {
  owner *o = owner_create(nullptr, 0);
  set_cur_owner(o);
  return o;
}
}  // namespace vigil::detect

using namespace vigil::detect;

namespace {

class scripted {
 public:
  explicit scripted(scripted *parent = nullptr) {
    stack_depot_init();
    o_ = owner_create(parent ? parent->o_ : nullptr, 0);
  }
  ~scripted() {
    if (!finished_) owner_finish(o_);
    owner_destroy(o_);
  }
  void read(const void *p, size_t n, uintptr_t pc = 0x100) { access(p, n, 0, pc); }
  void write(const void *p, size_t n, uintptr_t pc = 0x200) { access(p, n, k_access_write, pc); }
  void atomic_read(const void *p, size_t n) { access(p, n, k_access_atomic, 0x300); }
  void atomic_write(const void *p, size_t n) { access(p, n, k_access_write | k_access_atomic, 0x400); }
  void free_block(const void *p, size_t n) { access(p, n, k_access_write | k_access_free, 0x500); }
  void release(const void *sync) { release_at(o_, reinterpret_cast<uintptr_t>(sync)); }
  void acquire(const void *sync) { acquire_at(o_, reinterpret_cast<uintptr_t>(sync)); }
  void finish() {
    owner_finish(o_);
    finished_ = true;
  }
  void join(scripted &t) { o_->clock.join(t.o_->desc->end_clock); }
  owner *o() { return o_; }

 private:
  void access(const void *p, size_t n, unsigned flags, uintptr_t pc) {
    access_range(o_, reinterpret_cast<uintptr_t>(p), n, flags, pc);
  }
  owner *o_;
  bool finished_ = false;
};

class Detector : public ::testing::Test {
 protected:
  void SetUp() override { g_races.clear(); }
  void TearDown() override {
    shadow_reset(reinterpret_cast<uintptr_t>(mem), sizeof mem);
    sync_destroy_range(reinterpret_cast<uintptr_t>(mem), sizeof mem);
    sync_destroy(reinterpret_cast<uintptr_t>(&sync_obj));
  }
  alignas(16) char mem[64] = {};
  char sync_obj = 0;
};

TEST_F(Detector, UnorderedWritesRace) {
  scripted main, t1(&main), t2(&main);
  t1.write(mem, 4);
  t2.write(mem, 4);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].cur.owner_id, t2.o()->desc->id);
  EXPECT_EQ(g_races[0].prev.owner_id, t1.o()->desc->id);
  EXPECT_TRUE(g_races[0].prev.flags & k_access_write);
  EXPECT_EQ(g_races[0].prev.size, 4u);
}

TEST_F(Detector, ReleaseAcquireOrders) {
  scripted main, t1(&main), t2(&main);
  t1.write(mem, 8);
  t1.release(&sync_obj);
  t2.acquire(&sync_obj);
  t2.write(mem, 8);
  t2.read(mem, 8);
  EXPECT_TRUE(g_races.empty());
}

TEST_F(Detector, AccessAfterReleaseIsNotCovered) {
  scripted main, t1(&main), t2(&main);
  t1.release(&sync_obj);
  t1.write(mem, 8);  // after the release: not ordered before t2
  t2.acquire(&sync_obj);
  t2.read(mem, 8);
  EXPECT_EQ(g_races.size(), 1u);
}

TEST_F(Detector, ReadsDoNotRaceWithReads) {
  scripted main, t1(&main), t2(&main), t3(&main);
  t1.read(mem, 4);
  t2.read(mem, 4);
  t3.read(mem, 4);
  EXPECT_TRUE(g_races.empty());
}

TEST_F(Detector, DisjointBytesOfOneWordDoNotRace) {
  scripted main, t1(&main), t2(&main);
  t1.write(mem, 1);
  t2.write(mem + 1, 1);
  t1.write(mem + 4, 4);
  t2.read(mem + 2, 2);
  EXPECT_TRUE(g_races.empty());
  t2.read(mem + 3, 2);  // overlaps t1's write at byte 4
  EXPECT_EQ(g_races.size(), 1u);
}

TEST_F(Detector, MixedSizesOverlapRace) {
  scripted main, t1(&main), t2(&main);
  t1.write(mem, 8);
  t2.read(mem + 6, 1);
  EXPECT_EQ(g_races.size(), 1u);
}

TEST_F(Detector, UnalignedAccessAcrossWords) {
  scripted main, t1(&main), t2(&main);
  t1.write(mem + 6, 4);  // bytes 6..9: two words
  t2.read(mem + 9, 1);
  EXPECT_EQ(g_races.size(), 1u);
}

TEST_F(Detector, EveryConcurrentReaderIsKept) {
  // Eight readers; the writer is ordered after readers 2..8 but not after
  // reader 1. TSan's four shadow cells can evict reader 1; vigil keeps all.
  scripted main;
  std::vector<scripted *> readers;
  for (int i = 0; i < 8; i++) readers.push_back(new scripted(&main));
  for (auto *r : readers) r->read(mem, 8);
  scripted writer(&main);
  for (size_t i = 1; i < readers.size(); i++) {
    char *s = &mem[32 + i];
    readers[i]->release(s);
    writer.acquire(s);
  }
  writer.write(mem, 8);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, readers[0]->o()->desc->id);
  EXPECT_FALSE(g_races[0].prev.flags & k_access_write);
  for (auto *r : readers) delete r;
}

TEST_F(Detector, OldAccessesAreNeverForgotten) {
  scripted main, t1(&main), t2(&main);
  t1.write(mem, 8);
  // A lot of unrelated activity in between (TSan's history would wrap).
  static char other[1 << 16];
  for (int round = 0; round < 8; round++) {
    for (size_t i = 0; i < sizeof other; i += 8) t1.write(other + i, 8);
    t1.release(&sync_obj);
  }
  t2.write(mem, 8);
  EXPECT_EQ(g_races.size(), 1u);
  shadow_reset(reinterpret_cast<uintptr_t>(other), sizeof other);
}

TEST_F(Detector, AtomicsDoNotRaceWithAtomics) {
  scripted main, t1(&main), t2(&main);
  t1.atomic_write(mem, 4);
  t2.atomic_read(mem, 4);
  t2.atomic_write(mem, 4);
  EXPECT_TRUE(g_races.empty());
  t1.read(mem, 4);  // plain read vs t2's atomic write
  EXPECT_EQ(g_races.size(), 1u);
}

TEST_F(Detector, FreeRacesWithUnorderedAccess) {
  scripted main, t1(&main), t2(&main);
  t1.read(mem, 8);
  t2.free_block(mem, 16);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_TRUE(g_races[0].cur.flags & k_access_free);
}

TEST_F(Detector, JoinedThreadsSlotIsRecycledSoundly) {
  scripted main;
  auto *t1 = new scripted(&main);
  uint32_t slot1 = t1->o()->slot;
  t1->write(mem, 8);
  t1->finish();
  main.join(*t1);
  scripted t2(&main);  // created after the join: may take t1's slot
  EXPECT_EQ(t2.o()->slot, slot1);
  t2.write(mem, 8);  // ordered after t1's write through the join
  EXPECT_TRUE(g_races.empty());
  delete t1;
}

TEST_F(Detector, BatchesOfJoinedThreadsReuseSlotsWhenSomeFinishEarly) {
  // A batch of 32 threads, half of which end before the next is started,
  // then all joined: after a few batches, no batch needs a new slot (a
  // newest-first stack gave one to every early finisher of every batch).
  scripted main;
  uint32_t before = 0;
  for (int round = 0; round < 50; round++) {
    if (round == 10) before = owner_slots_used();  // the first batches may meet others' unjoinable slots
    std::vector<scripted *> batch;
    for (int k = 0; k < 32; k++) {
      batch.push_back(new scripted(&main));
      if (k % 2 == 0) batch.back()->finish();
    }
    for (scripted *t : batch) {
      if (t->o()->desc->state != owner_state::finished) t->finish();
      main.join(*t);
      delete t;
    }
  }
  EXPECT_EQ(owner_slots_used() - before, 0u);
  EXPECT_TRUE(g_races.empty());
}

TEST_F(Detector, UnjoinedThreadsSlotIsNotRecycled) {
  scripted main;
  auto *t1 = new scripted(&main);
  uint32_t slot1 = t1->o()->slot;
  t1->write(mem, 8);
  t1->finish();  // nobody joins it
  scripted t2(&main);
  EXPECT_NE(t2.o()->slot, slot1);
  t2.write(mem, 8);
  EXPECT_EQ(g_races.size(), 1u);
  delete t1;
}

TEST_F(Detector, SameEpochRepeatsAreCheap) {
  scripted main, t1(&main);
  for (int i = 0; i < 1000; i++) t1.write(mem, 8);
  // The first write took the slow path and recorded the epoch; the rest
  // exited early.
  shadow_cell *c = shadow_cell_for(reinterpret_cast<uintptr_t>(mem));
  EXPECT_EQ(c->w & ~kMaskBits, t1.o()->tag);
  EXPECT_TRUE(g_races.empty());
}

// Short range checks (neighbouring fields, a short loop's range) exit on the
// inline fast path when every word is recorded in this epoch, as single
// accesses do; a new epoch, or a range longer than the fast path looks at,
// goes to the slow path.
TEST_F(Detector, ShortRangeRecordedInThisEpochIsDoneOnTheFastPath) {
  scripted t1;
  uintptr_t a = reinterpret_cast<uintptr_t>(mem);
  EXPECT_FALSE(range_done(t1.o(), a, 24, k_access_write));
  t1.write(mem, 24);
  EXPECT_TRUE(range_done(t1.o(), a, 24, k_access_write));
  EXPECT_TRUE(range_done(t1.o(), a + 3, 10, 0));  // reads covered by this epoch's write
  EXPECT_FALSE(range_done(t1.o(), a + 20, 8, k_access_write));  // bytes 24..27 not written
  EXPECT_FALSE(range_done(t1.o(), a, kRangeDoneMax + 8, k_access_write));
  owner_tick(t1.o());
  EXPECT_FALSE(range_done(t1.o(), a, 24, k_access_write));
  EXPECT_TRUE(g_races.empty());
}

// A range check repeated under the same epoch and clock is skipped
// (check_loop's memo); a clock change or a shadow reset in between makes it
// check again. Each half of the test fails if the memo ignored that event.
TEST_F(Detector, RepeatedRangeCheckIsSkippedOnlyWhileNothingChanged) {
  scripted main, t1(&main), t2(&main), t3(&main);
  owner *saved = t_owner;
  auto range_write = [&](scripted &t) {
    set_cur_owner(t.o());
    access_loop_range(t.o(), reinterpret_cast<uintptr_t>(mem), 32, 8, k_access_write, 0x600);
    set_cur_owner(saved);
  };
  // A clock change: t1 acquires t2's write (which raced with t1's first
  // range: one report), then writes the range again; t3, ordered after t2
  // but not after t1, races with that second write.
  range_write(t1);
  t2.write(mem, 8);
  ASSERT_EQ(g_races.size(), 1u);
  t2.release(&sync_obj);
  t1.acquire(&sync_obj);
  range_write(t1);
  t3.acquire(&sync_obj);
  t3.write(mem, 8);
  ASSERT_EQ(g_races.size(), 2u);
  EXPECT_EQ(g_races[1].prev.owner_id, t1.o()->desc->id);
  // A shadow reset by the owner (a free and a new block at the same place):
  // the range written again must be recorded again.
  shadow_reset(reinterpret_cast<uintptr_t>(mem), sizeof mem);
  g_races.clear();
  scripted u1(&main), u2(&main);
  range_write(u1);
  set_cur_owner(u1.o());
  shadow_reset(reinterpret_cast<uintptr_t>(mem), sizeof mem);
  set_cur_owner(saved);
  range_write(u1);
  u2.write(mem + 16, 8);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, u1.o()->desc->id);
  // Nothing changed: the repeat is skipped (the memo records it; the shadow
  // already says the same).
  uint32_t before = u1.o()->checked_next;
  range_write(u1);
  EXPECT_EQ(u1.o()->checked_next, before);
}

TEST_F(Detector, OneEpochsWritesByDifferentCodeStayInlineWithEachBytesStack) {
  // Two 4-byte elements of one word written in one epoch by different
  // instructions (a sort): one inline entry whose origin is a stack group,
  // not a write list, and each half keeps its own stack for reports.
  scripted main, t1(&main), t2(&main), t3(&main);
  main.write(mem, 8);  // before t4 is made: ordered before t4, not before t1..t3
  scripted t4(&main);
  t4.write(mem, 4, 0x210);  // the other half keeps main's write: a list for now
  shadow_cell *c = shadow_cell_for(reinterpret_cast<uintptr_t>(mem));
  EXPECT_TRUE(c->w & kIndirect);
  t4.write(mem + 4, 4, 0x220);  // one epoch again: inline, with a group
  EXPECT_FALSE(c->w & kIndirect);
  EXPECT_TRUE(c->w & kGroupBit);
  EXPECT_EQ(c->w & ~(kMaskBits | kGroupBit), t4.o()->tag);
  EXPECT_EQ(entry_mask(c->w), 0xffu);
  for (int i = 0; i < 100; i++) t4.read(mem + 4, 4);  // the fast path sees the inline entry
  EXPECT_TRUE(g_races.empty());
  t1.write(mem + 4, 4, 0x230);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, t4.o()->desc->id);
  EXPECT_EQ(stack_pc(g_races[0].prev.stack), 0x220u);
  EXPECT_EQ(g_races[0].prev.addr, reinterpret_cast<uintptr_t>(mem + 4));
  EXPECT_EQ(g_races[0].prev.size, 4u);
  t2.read(mem, 2, 0x240);
  ASSERT_EQ(g_races.size(), 2u);
  EXPECT_EQ(stack_pc(g_races[1].prev.stack), 0x210u);
  EXPECT_EQ(g_races[1].prev.addr, reinterpret_cast<uintptr_t>(mem));
  EXPECT_EQ(g_races[1].prev.size, 4u);
}

TEST_F(Detector, AGroupsRacesNameTheWriteOfTheRacingBytes) {
  scripted main, t1(&main), t2(&main), t3(&main);
  t1.write(mem, 4, 0x210);
  t1.write(mem + 4, 4, 0x220);
  t2.read(mem + 5, 2, 0x230);  // the read's own path
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(stack_pc(g_races[0].prev.stack), 0x220u);
  EXPECT_EQ(g_races[0].prev.addr, reinterpret_cast<uintptr_t>(mem + 4));
  EXPECT_EQ(g_races[0].prev.size, 4u);
  t3.write(mem, 8, 0x240);  // a write replacing the whole word in place
  ASSERT_EQ(g_races.size(), 2u);
  EXPECT_EQ(stack_pc(g_races[1].prev.stack), 0x210u);
  EXPECT_EQ(g_races[1].prev.addr, reinterpret_cast<uintptr_t>(mem));
  EXPECT_EQ(g_races[1].prev.size, 4u);
}

// A word whose halves hold writes of two epochs keeps a list of two; the
// next epoch's write of one half replaces that half's entry in place
// (write_over_list), and a write ordered only after the old one races
// with it.
TEST_F(Detector, AWriteListsEntryIsReplacedByTheNextEpochsWriteOfItsHalf) {
  scripted main, a(&main), b(&main);
  a.write(mem, 4);
  b.write(mem + 4, 4);  // disjoint bytes: no race, a list of two entries
  a.release(&sync_obj);
  a.write(mem, 4, 0x210);  // a new epoch: a's entry is replaced
  EXPECT_TRUE(g_races.empty());
  scripted c(&main);
  c.acquire(&sync_obj);  // after a's first write, not its second
  c.write(mem, 4);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, a.o()->desc->id);
  EXPECT_EQ(g_races[0].prev.addr, reinterpret_cast<uintptr_t>(mem));
  EXPECT_EQ(g_races[0].prev.size, 4u);
  // b's half still holds b's write: c races with it too.
  c.write(mem + 4, 4);
  ASSERT_EQ(g_races.size(), 2u);
  EXPECT_EQ(g_races[1].prev.owner_id, b.o()->desc->id);
}

TEST_F(Detector, AGroupsBytesAreSplitAgainByALaterEpoch) {
  scripted main, t1(&main);
  t1.write(mem, 4, 0x210);
  t1.write(mem + 4, 4, 0x220);
  t1.release(&sync_obj);  // a new epoch
  t1.write(mem + 6, 2, 0x250);
  scripted t2(&main);
  t2.write(mem + 5, 1, 0x260);  // races with 0x220's write of byte 5
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(stack_pc(g_races[0].prev.stack), 0x220u);
  EXPECT_EQ(g_races[0].prev.addr, reinterpret_cast<uintptr_t>(mem + 4));
  EXPECT_EQ(g_races[0].prev.size, 2u);  // bytes 4 and 5: 6..7 are the later write's
  t2.read(mem + 6, 1, 0x270);
  ASSERT_EQ(g_races.size(), 2u);
  EXPECT_EQ(stack_pc(g_races[1].prev.stack), 0x250u);
  t2.read(mem + 1, 1, 0x280);
  ASSERT_EQ(g_races.size(), 3u);
  EXPECT_EQ(stack_pc(g_races[2].prev.stack), 0x210u);
}

// ---- shared read sets (read_set.h) ----

class ReadSets : public ::testing::Test {
 protected:
  static constexpr size_t kWords = 8192;  // a 64 KiB shared array
  void SetUp() override {
    g_races.clear();
    baseline_ = read_sets_live();
  }
  void TearDown() override { shadow_reset(reinterpret_cast<uintptr_t>(data), sizeof data); }
  void sweep(scripted &t) {
    for (size_t i = 0; i < kWords; i++) t.read(&data[i], 8);
  }
  // Orders `writer` after the last reads of readers[1..] but not of
  // readers[0], through a sync object on `via` (destroyed after).
  static void order_after_all_but_first(scripted &writer, const std::vector<scripted *> &readers, uint64_t *via) {
    for (size_t i = 1; i < readers.size(); i++) {
      readers[i]->release(via);
      writer.acquire(via);
    }
    sync_destroy(reinterpret_cast<uintptr_t>(via));
  }
  alignas(64) static inline uint64_t data[kWords];
  char sync_obj = 0;
  size_t baseline_ = 0;
};

TEST_F(ReadSets, WordsReadByTheSameReadersShareOneSet) {
  scripted main;
  std::vector<scripted *> readers;
  for (int i = 0; i < 4; i++) readers.push_back(new scripted(&main));
  for (int round = 0; round < 3; round++) {
    for (auto *r : readers) {
      sweep(*r);
      r->release(&sync_obj);  // a new epoch for the next round
    }
  }
  // 8192 words read by 4 concurrent readers: a handful of sets, not one per
  // word (a per-word list would be 8192 of them).
  EXPECT_LE(read_sets_live() - baseline_, 16u);
  EXPECT_LE(read_sets_bytes(), 16u * 1024);
  EXPECT_TRUE(g_races.empty());
  // The last round's reads are all kept: a writer ordered after readers 1..3
  // but not reader 0 races with reader 0's read, on every word.
  scripted writer(&main);
  order_after_all_but_first(writer, readers, &data[0]);
  g_races.clear();
  writer.write(&data[100], 8);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, readers[0]->o()->desc->id);
  EXPECT_FALSE(g_races[0].prev.flags & k_access_write);
  for (auto *r : readers) delete r;
}

TEST_F(ReadSets, SetsAreFreedWhenNoWordHoldsThem) {
  {
    scripted main;
    scripted a(&main), b(&main);
    sweep(a);
    sweep(b);
    EXPECT_GT(read_sets_live(), baseline_);
    // A writer ordered after both readers clears every word's reads.
    scripted w(&main);
    a.release(&sync_obj);
    b.release(&sync_obj);
    w.acquire(&sync_obj);
    for (size_t i = 0; i < kWords; i++) w.write(&data[i], 8);
    EXPECT_TRUE(g_races.empty());
  }  // owners finish: their transition caches give back their anchors
  EXPECT_EQ(read_sets_live(), baseline_);
}

TEST_F(ReadSets, ResetReleasesSets) {
  {
    scripted main;
    scripted a(&main), b(&main), c(&main);
    sweep(a);
    sweep(b);
    sweep(c);
  }
  EXPECT_GT(read_sets_live(), baseline_);
  shadow_reset(reinterpret_cast<uintptr_t>(data), sizeof data);
  EXPECT_EQ(read_sets_live(), baseline_);
}

TEST_F(ReadSets, PartialResetKeepsOtherReaders) {
  scripted main;
  scripted a(&main), b(&main);
  a.read(&data[0], 4);   // bytes 0..3
  b.read(&data[0], 8);   // bytes 0..7
  // Forget bytes 0..3: b's read keeps bytes 4..7, a's read is gone.
  shadow_reset(reinterpret_cast<uintptr_t>(&data[0]), 4);
  scripted w(&main);
  w.write(reinterpret_cast<char *>(&data[0]), 4);
  EXPECT_TRUE(g_races.empty());
  w.write(reinterpret_cast<char *>(&data[0]) + 4, 4);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, b.o()->desc->id);
}

// ---- runs of equal cells in one range check (access_range_lines) ----
// A range check does to a word what it did to the word before when both
// cells held the same entries (word_memo). These fail if it is done to a
// cell that holds other entries, or without counting the word's move to a
// shared set.

TEST_F(ReadSets, RangeSweepsMoveEveryWordThroughTheSharedSets) {
  {
    scripted main;
    main.write(data, sizeof data);
    std::vector<scripted *> readers;
    for (int i = 0; i < 4; i++) readers.push_back(new scripted(&main));
    for (int round = 0; round < 3; round++) {
      for (auto *r : readers) {
        r->read(data, sizeof data);  // one range: 2,048 lines of equal cells
        r->release(&sync_obj);
      }
    }
    EXPECT_LE(read_sets_live() - baseline_, 16u);
    EXPECT_TRUE(g_races.empty());
    // Every word keeps every reader's last read: a writer ordered after
    // readers 1..3 only races with reader 0 on the first word and the last.
    scripted writer(&main);
    order_after_all_but_first(writer, readers, &data[0]);
    writer.write(&data[0], 8);
    writer.write(&data[kWords - 1], 8);
    ASSERT_EQ(g_races.size(), 2u);
    for (const auto &race : g_races) EXPECT_EQ(race.prev.owner_id, readers[0]->o()->desc->id);
    for (auto *r : readers) delete r;
  }
  // Each word's move to a set counted once: resetting the words gives back
  // every set (a move not counted frees a set that words still hold, or
  // leaves one that no word holds).
  shadow_reset(reinterpret_cast<uintptr_t>(data), sizeof data);
  EXPECT_EQ(read_sets_live(), baseline_);
}

TEST_F(ReadSets, RangeReadFindsTheOneRacingWordInARunOfEqualCells) {
  scripted main;
  main.write(data, sizeof data);
  scripted reader(&main), writer(&main);
  writer.write(&data[1234], 8);  // unordered with the reader
  reader.read(data, sizeof data);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.addr, reinterpret_cast<uintptr_t>(&data[1234]));
  EXPECT_EQ(g_races[0].prev.owner_id, writer.o()->desc->id);
  EXPECT_TRUE(g_races[0].prev.flags & k_access_write);
  // The words after it were read too: a second writer, ordered after main
  // only, races with the reader's read of the last word.
  g_races.clear();
  scripted late(&main);
  late.write(&data[kWords - 1], 8);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, reader.o()->desc->id);
  EXPECT_FALSE(g_races[0].prev.flags & k_access_write);
}

TEST_F(ReadSets, RangeWriteFindsTheOneRacingReadInARunOfEqualCells) {
  scripted main;
  main.write(data, sizeof data);
  main.release(&sync_obj);
  scripted a(&main), b(&main);
  a.read(&data[77], 4);  // half a word: this cell differs from its neighbours
  b.write(data, sizeof data);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.addr, reinterpret_cast<uintptr_t>(&data[77]));
  EXPECT_EQ(g_races[0].prev.owner_id, a.o()->desc->id);
  EXPECT_EQ(g_races[0].prev.size, 4u);
}

}  // namespace

namespace {

// t has acquired what was published with data[i]: data[0..i] are ordered
// before it, data[i+1] is not (one race).
void expect_ordered_through(scripted &t, const int *data, int i) {
  t.read(&data[i], 4);
  t.read(&data[0], 4);
  EXPECT_TRUE(g_races.empty());
  t.read(&data[i + 1], 4);
  EXPECT_EQ(g_races.size(), 1u);
}

// Clock memory held by the sync vars of the bytes flags[0..n), each of which must have one.
template <class Byte>
size_t clock_bytes_of(const Byte *flags, int n) {
  size_t bytes = 0;
  for (int i = 0; i < n; i++) {
    sync_var *s = sync_find(reinterpret_cast<uintptr_t>(&flags[i]), false);
    EXPECT_NE(s, nullptr);
    if (!s) continue;
    s->mu.assert_held();
    bytes += s->clock.memory_bytes();
    s->mu.unlock();
  }
  return bytes;
}

}  // namespace

// Sync clocks: a thread that releases to many objects between two acquires
// gives them one shared snapshot of its clock (no clock memory per object),
// and what each object orders is still exact.
TEST_F(Detector, ReleasesBetweenAcquiresShareOneSnapshot) {
  scripted t1, t2;
  static char flags[256];
  static int data[256];
  for (int i = 0; i < 256; i++) {
    t1.write(&data[i], 4);
    t1.release(&flags[i]);
  }
  EXPECT_EQ(clock_bytes_of(flags, 256), 0u);
  // Acquiring flag i orders data[0..i], not data[i+1..].
  t2.acquire(&flags[100]);
  expect_ordered_through(t2, data, 100);
  sync_destroy_range(reinterpret_cast<uintptr_t>(flags), sizeof flags);
  shadow_reset(reinterpret_cast<uintptr_t>(data), sizeof data);
}

// A thread that fences (release) before each relaxed store of an array
// element (a work-stealing deque's push) gives the elements no clock memory:
// each carries its fence's snapshot; what each orders is still exact.
TEST_F(Detector, FencedRelaxedStoresShareSnapshots) {
  constexpr uint32_t kRelaxed = 0, kAcquire = 2, kRelease = 3;
  scripted t1, t2;
  static uint8_t flags[256];
  static int data[256];
  owner *saved = t_owner;
  set_cur_owner(t1.o());
  for (int i = 0; i < 256; i++) {
    t1.write(&data[i], 4);
    __vigil_atomic_thread_fence(kRelease);
    __vigil_atomic8_store(&flags[i], 1, kRelaxed);
  }
  EXPECT_EQ(clock_bytes_of(flags, 256), 0u);
  // A relaxed load of flag i and an acquire fence order data[0..i], not data[i+1..].
  set_cur_owner(t2.o());
  EXPECT_EQ(__vigil_atomic8_load(&flags[100], kRelaxed), 1);
  __vigil_atomic_thread_fence(kAcquire);
  set_cur_owner(saved);
  expect_ordered_through(t2, data, 100);
  sync_destroy_range(reinterpret_cast<uintptr_t>(flags), sizeof flags);
  shadow_reset(reinterpret_cast<uintptr_t>(flags), sizeof flags);
  shadow_reset(reinterpret_cast<uintptr_t>(data), sizeof data);
}

// The lock sequence of flag's var (sync_find would lock it: read it directly).
uint32_t var_sequence(const void *flag) {
  uint32_t idx[8];
  EXPECT_EQ(sync_overlapping(reinterpret_cast<uintptr_t>(flag), 8, idx), 1u);
  return sync_at(idx[0])->mu.sequence();
}

// An acquire load of a var whose clock changed reads that clock without the
// var's lock (atomic.cpp, load_unlocked): the lock's sequence does not move,
// and what the load orders is exact, for a snapshot clock and for a var's
// own (full) clock.
TEST_F(Detector, AcquireLoadsTakeTheClockWithoutTheVarsLock) {
  constexpr uint32_t kAcquire = 2, kRelease = 3;
  scripted t1, t2, t3;
  alignas(8) static uint64_t flag;
  static int data[4];
  owner *saved = t_owner;
  // A snapshot: t1's first release.
  t1.write(&data[0], 4);
  set_cur_owner(t1.o());
  __vigil_atomic64_store(&flag, 1, kRelease);
  uint32_t seq = var_sequence(&flag);
  set_cur_owner(t2.o());
  EXPECT_EQ(__vigil_atomic64_load(&flag, kAcquire), 1u);
  EXPECT_EQ(var_sequence(&flag), seq);
  t2.read(&data[0], 4);
  EXPECT_TRUE(g_races.empty());
  // A full clock: t1 acquires from t3, then releases again on the var,
  // which held a clock (sync_clock::store rewrites it in place).
  t3.write(&data[1], 4);
  t3.release(&sync_obj);
  t1.acquire(&sync_obj);
  t1.write(&data[2], 4);
  set_cur_owner(t1.o());
  __vigil_atomic64_store(&flag, 2, kRelease);
  t1.write(&data[3], 4);  // after the release
  seq = var_sequence(&flag);
  set_cur_owner(t2.o());
  EXPECT_EQ(__vigil_atomic64_load(&flag, kAcquire), 2u);
  EXPECT_EQ(var_sequence(&flag), seq);
  set_cur_owner(saved);
  t2.read(&data[1], 4);  // t3's, through t1
  t2.read(&data[2], 4);
  EXPECT_TRUE(g_races.empty());
  t2.read(&data[3], 4);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, t1.o()->desc->id);
  sync_destroy_range(reinterpret_cast<uintptr_t>(&flag), sizeof flag);
  shadow_reset(reinterpret_cast<uintptr_t>(&flag), sizeof flag);
  shadow_reset(reinterpret_cast<uintptr_t>(data), sizeof data);
}

// Two threads hand data through one flag many times, the reader spinning on
// acquire loads while the writer's stores change the var under it: every
// hand-off orders exactly its data (no race reported), whichever way each
// load went (without the lock, or under it after a collision).
TEST(DetectorThreads, AcquireLoadsRacingWithStoresStayExact) {
  constexpr uint32_t kAcquire = 2, kRelease = 3;
  constexpr int kRounds = 20000;
  stack_depot_init();
  g_races.clear();
  alignas(8) static uint64_t flag;
  alignas(8) static uint64_t ack;
  static int data[kRounds];
  flag = ack = 0;  // --gtest_repeat
  std::thread writer([] {
    owner *o = owner_create(nullptr, 0);
    set_cur_owner(o);
    for (int i = 0; i < kRounds; i++) {
      access_range(o, reinterpret_cast<uintptr_t>(&data[i]), 4, k_access_write, 0x200);
      data[i] = i;
      __vigil_atomic64_store(&flag, static_cast<uint64_t>(i + 1), kRelease);
      while (__vigil_atomic64_load(&ack, kAcquire) < static_cast<uint64_t>(i + 1)) sched_yield();
    }
    set_cur_owner(nullptr);
    owner_finish(o);
    owner_destroy(o);
  });
  std::thread reader([] {
    owner *o = owner_create(nullptr, 0);
    set_cur_owner(o);
    for (int i = 0; i < kRounds; i++) {
      while (__vigil_atomic64_load(&flag, kAcquire) < static_cast<uint64_t>(i + 1)) {}
      access_range(o, reinterpret_cast<uintptr_t>(&data[i]), 4, 0, 0x100);
      EXPECT_EQ(data[i], i);
      __vigil_atomic64_store(&ack, static_cast<uint64_t>(i + 1), kRelease);
    }
    set_cur_owner(nullptr);
    owner_finish(o);
    owner_destroy(o);
  });
  writer.join();
  reader.join();
  EXPECT_TRUE(g_races.empty());
  sync_destroy_range(reinterpret_cast<uintptr_t>(&flag), sizeof flag);
  sync_destroy_range(reinterpret_cast<uintptr_t>(&ack), sizeof ack);
  shadow_reset(reinterpret_cast<uintptr_t>(&flag), sizeof flag);
  shadow_reset(reinterpret_cast<uintptr_t>(&ack), sizeof ack);
  shadow_reset(reinterpret_cast<uintptr_t>(data), sizeof data);
}

// A mutex locked again and again by one thread keeps sharing that thread's
// snapshot (no clock memory); one handed between threads keeps one clock of
// its own, rewritten in place (its memory does not grow with the hand-offs).
TEST_F(Detector, MutexClockMemoryStaysBounded) {
  scripted t1, t2;
  auto clock_bytes = [&] {
    sync_var *s = sync_find(reinterpret_cast<uintptr_t>(&sync_obj), false);
    EXPECT_NE(s, nullptr);
    s->mu.assert_held();
    size_t n = s->clock.memory_bytes();
    s->mu.unlock();
    return n;
  };
  for (int round = 0; round < 4; round++) {
    t1.acquire(&sync_obj);
    t1.write(mem, 8);
    t1.release(&sync_obj);
  }
  EXPECT_EQ(clock_bytes(), 0u);
  size_t after_two = 0;
  for (int round = 0; round < 64; round++) {
    scripted &t = round % 2 ? t2 : t1;
    t.acquire(&sync_obj);
    t.write(mem, 8);
    t.release(&sync_obj);
    if (round == 1) after_two = clock_bytes();
  }
  EXPECT_EQ(clock_bytes(), after_two);
  // Its own clock is flat, sized to the slots it has heard of.
  uint32_t hi = t1.o()->clock.hi() > t2.o()->clock.hi() ? t1.o()->clock.hi() : t2.o()->clock.hi();
  EXPECT_LE(after_two, sizeof(flat_clock) + (hi + hi / 4 + 4) * sizeof(clock_t_));
  EXPECT_TRUE(g_races.empty());
}

// Two releasers whose clocks do not cover each other: the object's clock is
// the union (a full clock), and an acquirer is ordered after both.
TEST_F(Detector, ReleasesOfUnorderedThreadsMerge) {
  scripted t1, t2, t3;
  t1.write(mem, 4);
  t1.release(&sync_obj);
  t2.write(mem + 8, 4);
  t2.release(&sync_obj);
  t3.acquire(&sync_obj);
  t3.write(mem, 4);
  t3.write(mem + 8, 4);
  EXPECT_TRUE(g_races.empty());
}

// A word the same readers re-read in ever new epochs (a queue's buffer
// pointer between releases) keeps one private set, rewritten in place, not a
// new interned set per read; its reads are still all kept.
TEST_F(ReadSets, HotWordRereadInNewEpochsStaysOnePrivateSet) {
  scripted main;
  std::vector<scripted *> readers;
  for (int i = 0; i < 4; i++) readers.push_back(new scripted(&main));
  for (int round = 0; round < 1000; round++) {
    for (auto *r : readers) {
      r->read(&data[0], 8);
      r->release(&sync_obj);
    }
  }
  // One private set, plus the few interned ones the readers' transition
  // caches still anchor from before the word went private (not one per read).
  EXPECT_LE(read_sets_live() - baseline_, 16u);
  EXPECT_TRUE(g_races.empty());
  // Every reader's last read is kept: a writer ordered after readers 1..3
  // only races with reader 0.
  scripted writer(&main);
  order_after_all_but_first(writer, readers, &data[1]);
  writer.write(&data[0], 8);
  ASSERT_EQ(g_races.size(), 1u);
  EXPECT_EQ(g_races[0].prev.owner_id, readers[0]->o()->desc->id);
  for (auto *r : readers) delete r;
  sync_destroy(reinterpret_cast<uintptr_t>(&data[1]));
  sync_destroy(reinterpret_cast<uintptr_t>(&sync_obj));
}

// Readers that walk more hot words than an owner has set hints (a queue's
// chain of blocks, each with indices both sides re-read in new epochs): each
// word's padded set keeps one item per reader, each reader finds its item
// through the set's tags (read_set.h), and the tags name exactly the items
// of their slot.
TEST_F(ReadSets, ReadersOfManyHotWordsKeepOneItemEachFoundByTags) {
  constexpr size_t kHot = 24;  // words 0, 8, 16, ...: one per line of cells
  scripted main;
  std::vector<scripted *> readers;
  for (int i = 0; i < 4; i++) readers.push_back(new scripted(&main));
  for (int round = 0; round < 200; round++) {
    for (auto *r : readers) {
      for (size_t k = 0; k < kHot; k++) r->read(&data[8 * k], 8);
      r->release(&sync_obj);
    }
  }
  // A reader that comes later is appended to the private sets.
  readers.push_back(new scripted(&main));
  for (int round = 0; round < 3; round++) {
    for (size_t k = 0; k < kHot; k++) readers.back()->read(&data[8 * k], 8);
    readers.back()->release(&sync_obj);
  }
  EXPECT_TRUE(g_races.empty());
  for (size_t k = 0; k < kHot; k++) {
    shadow_entry r = shadow_cell_for(reinterpret_cast<uintptr_t>(&data[8 * k]))->r;
    ASSERT_TRUE(r & kIndirect) << "word " << k;
    const read_set *s = read_set_of(r);
    ASSERT_TRUE(read_set_padded(s)) << "word " << k;
    EXPECT_EQ(s->count, readers.size()) << "word " << k;
    EXPECT_EQ(s->plain_items & ((1u << s->count) - 1), (1u << s->count) - 1) << "word " << k;  // plain reads
    for (auto *reader : readers) {
      uint32_t m = padded_candidates(s, s->count, reader->o()->slot);
      ASSERT_EQ(__builtin_popcount(m), 1) << "word " << k;
      EXPECT_EQ(entry_slot(set_item(s, static_cast<uint32_t>(__builtin_ctz(m))).e), reader->o()->slot);
    }
  }
  for (auto *r : readers) delete r;
  sync_destroy(reinterpret_cast<uintptr_t>(&sync_obj));
}

// Many owners reading one word concurrently (the tasks of a batch reading a
// captured pointer), in rounds that a join orders: the word's private set
// takes each read by appending it and drops a round's reads when it fills,
// so its memory follows the readers alive at once, not the reads ever made;
// every read of the current round is still kept.
TEST_F(ReadSets, ManyConcurrentReadersOfOneWordAppendAndAreAllKept) {
  constexpr int kRounds = 5, kReaders = 1000;
  scripted main;
  size_t bytes_after_first_round = 0;
  for (int round = 0; round < kRounds; round++) {
    std::vector<scripted *> readers;
    for (int i = 0; i < kReaders; i++) readers.push_back(new scripted(&main));
    for (auto *r : readers) r->read(&data[0], 8);
    if (round + 1 == kRounds) {
      // A writer ordered after every reader of this round but one races
      // with that one only.
      scripted writer(&main);
      for (int i = 0; i < kReaders; i++) {
        if (i == kReaders / 2) continue;
        readers[i]->release(&data[1]);
        writer.acquire(&data[1]);
      }
      writer.write(&data[0], 8);
      ASSERT_EQ(g_races.size(), 1u);
      EXPECT_EQ(g_races[0].prev.owner_id, readers[kReaders / 2]->o()->desc->id);
      EXPECT_FALSE(g_races[0].prev.flags & k_access_write);
    }
    for (auto *r : readers) {
      r->finish();
      main.join(*r);
      delete r;
    }
    if (round == 0) bytes_after_first_round = read_sets_bytes();
    else EXPECT_LE(read_sets_bytes(), 2 * bytes_after_first_round) << "round " << round;
  }
  EXPECT_EQ(g_races.size(), 1u);
  sync_destroy(reinterpret_cast<uintptr_t>(&data[1]));
}
