// clock.h — vector clocks indexed by slot.
//
// A slot is the detector's name for a live owner of a clock (a thread now, a
// task later); slots of finished owners are recycled (see owner.h), so clocks
// grow with the number of owners alive at once, not with the number ever
// created. Storage is chunked: a two-level directory (a top array of leaves,
// each leaf kLeaf pointers to chunks of kChunk entries), a null leaf or chunk
// meaning "all zero". A clock that has heard of slot 0 and slot 100,000 (a
// task late in a large run) holds two leaves and two chunks, not a directory
// as wide as its highest slot. Chunks are shared between
// clocks copy-on-write (clock.cpp): a new task's clock, a snapshot or a join
// into an empty part of a clock takes the source's chunks by reference. A clock that has only heard
// of a few owners costs a short directory and a chunk or two, which is what
// lets 100,000 owners live at once in well under 2 GiB.
//
// Not thread-safe: a clock is protected by whoever owns it (its owner thread
// for an owner's clock, the sync object's lock for a sync clock).
#pragma once

#include "defs.h"

namespace vigil::detect {

using clock_t_ = uint32_t;  // one entry: the owner's logical time

class vclock {
 public:
  static constexpr unsigned kChunkBits = 6;
  static constexpr unsigned kChunk = 1u << kChunkBits;

  constexpr vclock() = default;
  ~vclock() { reset(); }
  vclock(const vclock &) = delete;
  vclock &operator=(const vclock &) = delete;

  static constexpr unsigned kLeafBits = 6;
  static constexpr unsigned kLeaf = 1u << kLeafBits;  // chunk pointers per leaf

  // The first chunk (the slots of the first owners: threads, a program's
  // first tasks) is one load away: every new-epoch access of a shared word
  // asks for the entry of the word's last writer.
  VIGIL_ALWAYS_INLINE clock_t_ get(uint32_t slot) const {
    if (VIGIL_LIKELY(slot < kChunk)) return first_[slot];
    const clock_t_ *chunk = chunk_at(slot >> kChunkBits);
    return chunk ? chunk[slot & (kChunk - 1)] : 0;
  }
  // Sets an entry. For an owner's own entry (owner_tick): not counted in
  // changes(). Inline when the entry's chunk is this clock's alone (every
  // release ticks the owner's own entry).
  VIGIL_ALWAYS_INLINE void set(uint32_t slot, clock_t_ v) {
    clock_t_ *chunk = chunk_at(slot >> kChunkBits);
    if (VIGIL_LIKELY(chunk != nullptr && chunk_refs(chunk) == 1)) {
      chunk[slot & (kChunk - 1)] = v;  // first_ is this chunk if slot < kChunk
      if (v && slot >= hi_) hi_ = slot + 1;
      return;
    }
    set_slow(slot, v);
  }
  // this[slot] = max(this[slot], v); counted.
  void raise(uint32_t slot, clock_t_ v) {
    if (get(slot) < v) {
      set(slot, v);
      changes_++;
    }
  }
  // this = max(this, other), entry by entry.
  void join(const vclock &other);
  // The same with the entries[0..n) of a flat clock.
  void join(const clock_t_ *entries, uint32_t n);
  // Copies entries [0, n) into out (n <= hi() is the caller's business).
  void copy_to(clock_t_ *out, uint32_t n) const;
  // out[i] = max(out[i], this[i]) for i < n.
  void max_into(clock_t_ *out, uint32_t n) const;
  uint32_t hi() const { return hi_; }
  // this = other.
  void assign(const vclock &other);
  // All entries zero; keeps the memory (the clock is likely to be refilled).
  void clear();
  // All entries zero; frees the memory.
  void reset();
  bool empty() const;
  // True only if every entry is zero (cheap; may be false for a cleared-out clock).
  bool surely_empty() const { return hi_ == 0; }
  // Bytes of heap this clock holds (for the memory tests).
  size_t memory_bytes() const;
  // Grows whenever join, raise, assign, clear or reset change an entry: an
  // owner's snapshot (below) is its clock while this has not moved.
  uint64_t changes() const { return changes_; }

 private:
  // The chunk for entries [c*kChunk, (c+1)*kChunk), or null.
  VIGIL_ALWAYS_INLINE clock_t_ *chunk_at(uint32_t c) const {
    uint32_t t = c >> kLeafBits;
    if (t >= ntop_ || top_[t] == nullptr) return nullptr;
    return top_[t][c & (kLeaf - 1)];
  }
  void set_slow(uint32_t slot, clock_t_ v);
  // Makes first_ name chunk 0 again; every change of a chunk pointer ends
  // with it (chunk_for_write, join, assign, clear, reset).
  void refresh_first();
  static const clock_t_ kZeroChunk[kChunk];
  // The reference count in a chunk's header (clock.cpp, chunk_header: the
  // 8 bytes before its entries).
  static VIGIL_ALWAYS_INLINE uint32_t chunk_refs(const clock_t_ *chunk) {
    return __atomic_load_n(reinterpret_cast<const uint32_t *>(chunk) - 2, __ATOMIC_ACQUIRE);
  }
  // Where chunk c's pointer lives, its leaf allocated if needed.
  clock_t_ **chunk_ref(uint32_t c);
  // The chunk for entries [c*kChunk, (c+1)*kChunk), made writable: allocated
  // if absent, copied if shared.
  clock_t_ *chunk_for_write(uint32_t c);
  // Calls f(c, chunk_pointer_ref) for every present chunk with index < limit.
  template <class F>
  void for_each_chunk(uint32_t limit, F f) const;

  clock_t_ ***top_ = nullptr;
  const clock_t_ *first_ = kZeroChunk;  // chunk 0, or kZeroChunk while it has none
  uint32_t ntop_ = 0;
  uint32_t hi_ = 0;  // every entry at index >= hi_ is zero
  uint64_t changes_ = 0;
};

// An owner's clock at one moment, immutable, shared by every sync object the
// owner released to while its clock stayed the same but for its own entry
// (a thread publishing a whole array releases one snapshot, not one clock
// per element). Reference counted: each sync_clock naming it and the owner
// whose current snapshot it is hold one. `id` is never reused, so owners can
// remember which snapshots their clock already covers (owner.h).
// A clock of up to kFlatMax entries is stored flat, in the snapshot's one
// allocation; a larger one (programs with many threads alive) as a vclock.
struct clock_snapshot {
  static constexpr uint32_t kFlatMax = 256;
  uint64_t id;
  uint32_t refs;  // atomic
  uint32_t n;     // flat entries, or kBig
  vclock big;
  clock_t_ flat[];  // [n]

  static constexpr uint32_t kBig = ~0u;
  // dst = max(dst, this), entry by entry.
  void join_into(vclock &dst) const;
};
clock_snapshot *snapshot_new(const vclock &c);  // one reference
void snapshot_ref(clock_snapshot *s);
void snapshot_unref(clock_snapshot *s);

}  // namespace vigil::detect
