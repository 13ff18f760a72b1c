// access.h — checking one memory access against the shadow (FastTrack, exact,
// byte precise). See shadow.h for the cell invariants.
#pragma once

#include "owner.h"
#include "shadow.h"

namespace vigil::detect {

enum access_flags : unsigned {
  k_access_write = 1,
  k_access_atomic = 2,
  k_access_free = 4,   // the access is a free() of the block
  k_access_vptr = 8,   // C++ vtable pointer
};

// Out of line: takes the cell lock, checks and updates the word.
void access_word_slow(owner *o, uintptr_t word, unsigned mask, unsigned flags, uintptr_t pc,
                      uintptr_t addr, size_t size);
// An access of several words (access_range's, a loop's range check): the
// words of one line of cells (32 application bytes) that need the slow path
// are updated under one lock of the line.
void access_range_lines(owner *o, uintptr_t addr, size_t size, unsigned flags, uintptr_t pc);
// A range check of the instrumentation (__vigil_loop_read/_write): a race
// names the racing element of `elem` bytes; a repeat of a range checked
// under the same epoch and clock is skipped (owner::checked).
void access_loop_range(owner *o, uintptr_t addr, size_t size, size_t elem, unsigned flags, uintptr_t pc);

// A read whose word holds a read set (r indirect, unlocked): does the set
// hold this owner's read of this epoch for these bytes? Lock-free, like the
// rest of the fast path: a set's items are only changed under the cell lock,
// and an entry of this owner's current epoch is only ever added by this
// owner; a set that went away meanwhile is still mapped memory (the
// runtime's heap never unmaps small blocks), read as nothing but entries.
bool read_set_has_epoch(const owner *o, shadow_entry r, unsigned mask, uint64_t atomic);

// A word whose w is a write list (several writes of different bytes: two
// 4-byte locals of one stack word written in different epochs): does the list
// hold an entry `want` or `also` (an epoch tag with flags) covering `mask`?
// Lock-free, by the argument above: an entry of this owner's current epoch
// was put there by this owner; if the list is changed or replaced under the
// scan, a write by another owner to these bytes is under way, which races
// with this owner's recorded write and is reported by whoever checks second.
// The scan ends by seeing w unchanged, so a block that was freed and reused
// meanwhile is not believed.
bool write_list_has_epoch(const shadow_cell *c, shadow_entry w, unsigned mask, uint64_t want, uint64_t also);

// Early exits (FastTrack's "same epoch"): does the word already record this
// very epoch of this owner for these bytes? Then the access adds nothing: any
// access that races with it also races with the recorded one.
// (kGroupBit only says where the stacks are: the comparisons ignore it.)
VIGIL_ALWAYS_INLINE bool access_word_done(const owner *o, const shadow_cell *c, unsigned mask, unsigned flags) {
  uint64_t atomic = (flags & k_access_atomic) ? kAtomicBit : 0;
  shadow_entry w = __atomic_load_n(&c->w, __ATOMIC_RELAXED) & ~kGroupBit;
  if (flags & k_access_write) {
    if (flags & k_access_free) return false;
    if ((w & ~kMaskBits) == (o->tag | atomic) && (entry_mask(w) & mask) == mask) return true;
    return VIGIL_UNLIKELY(w & kIndirect) && write_list_has_epoch(c, w, mask, o->tag | atomic, o->tag | atomic);
  }
  // A read is subsumed by a write of this epoch: an atomic read by either
  // kind, a plain read only by a plain write (an atomic write of another
  // owner races with the plain read, not with an atomic write).
  if ((entry_mask(w) & mask) == mask &&
      ((w & ~kMaskBits) == o->tag || (atomic && (w & ~kMaskBits) == (o->tag | kAtomicBit))))
    return true;
  // The inline read before the write list: a word whose two halves were
  // last written in different epochs (an int array's elements) is re-read
  // without loading its list.
  shadow_entry r = __atomic_load_n(&c->r, __ATOMIC_RELAXED);
  if ((r & ~(kMaskBits | kLockBit)) == (o->tag | atomic) && (entry_mask(r) & mask) == mask) return true;
  if (VIGIL_UNLIKELY(w & kIndirect) &&
      write_list_has_epoch(c, w, mask, o->tag, atomic ? (o->tag | kAtomicBit) : o->tag))
    return true;
  return VIGIL_UNLIKELY((r & (kIndirect | kLockBit)) == kIndirect) && read_set_has_epoch(o, r, mask, atomic);
}

// The same for the ABI entry points' inline fast path: only the inline
// entries are looked at; a word with a write list or a read set answers
// "not done", and check_slow asks access_word_done. No call: the entry
// points then need no callee-saved register (a call on the fast path made
// every instrumented access save and restore five).
VIGIL_ALWAYS_INLINE bool access_word_done_quick(const owner *o, const shadow_cell *c, unsigned mask, unsigned flags) {
  uint64_t atomic = (flags & k_access_atomic) ? kAtomicBit : 0;
  shadow_entry w = __atomic_load_n(&c->w, __ATOMIC_RELAXED) & ~kGroupBit;
  if (flags & k_access_write)
    return !(flags & k_access_free) && (w & ~kMaskBits) == (o->tag | atomic) && (entry_mask(w) & mask) == mask;
  if ((entry_mask(w) & mask) == mask &&
      ((w & ~kMaskBits) == o->tag || (atomic && (w & ~kMaskBits) == (o->tag | kAtomicBit))))
    return true;
  shadow_entry r = __atomic_load_n(&c->r, __ATOMIC_RELAXED);
  return (r & ~(kMaskBits | kLockBit)) == (o->tag | atomic) && (entry_mask(r) & mask) == mask;
}

// Checks the bytes `mask` of the word at `word` (8-aligned).
VIGIL_ALWAYS_INLINE void access_word(owner *o, uintptr_t word, unsigned mask, unsigned flags,
                                     uintptr_t pc, uintptr_t addr, size_t size) {
  if (access_word_done(o, shadow_cell_for(word), mask, flags)) return;
  access_word_slow(o, word, mask, flags, pc, addr, size);
}

// The fast path of the ABI entry points: true if the access of `size` bytes
// at addr (within one word, or two whole words) is already recorded in this
// epoch in an inline entry (false may still be done: see
// access_word_done_quick). Touches no shadow region that does not exist yet.
VIGIL_ALWAYS_INLINE bool access_done(const owner *o, uintptr_t addr, size_t size, unsigned flags) {
  if (VIGIL_UNLIKELY(!is_user_address(addr))) return false;
  shadow_cell *base = __atomic_load_n(&g_shadow_dir[addr >> kRegionShift], __ATOMIC_ACQUIRE);
  if (VIGIL_UNLIKELY(base == nullptr)) return false;
  const shadow_cell *c = base + ((addr & (kRegionSize - 1)) >> 3);
  uintptr_t off = addr & 7;
  if (size <= 8 && off + size <= 8) return access_word_done_quick(o, c, ((1u << size) - 1) << off, flags);
  // 16 aligned bytes: two whole words (the second one is in the same region).
  if (size == 16 && off == 0)
    return access_word_done_quick(o, c, 0xff, flags) && access_word_done_quick(o, c + 1, 0xff, flags);
  return false;
}

// The same for a short range check (neighbouring fields checked as one, a
// short loop's range): true if every word of [addr, addr+size) is recorded
// in this epoch in an inline entry. A check per word of a loop's body must
// not cost more as a range than as separate accesses.
constexpr size_t kRangeDoneMax = 64;
VIGIL_ALWAYS_INLINE bool range_done(const owner *o, uintptr_t addr, size_t size, unsigned flags) {
  uintptr_t end = addr + size;
  if (VIGIL_UNLIKELY(size == 0 || size > kRangeDoneMax || !is_user_address(end - 1) ||
                     ((end - 1) >> kRegionShift) != (addr >> kRegionShift)))
    return false;
  shadow_cell *base = __atomic_load_n(&g_shadow_dir[addr >> kRegionShift], __ATOMIC_ACQUIRE);
  if (VIGIL_UNLIKELY(base == nullptr)) return false;
  const shadow_cell *c = base + ((addr & (kRegionSize - 1)) >> 3);
  for (uintptr_t word = addr & ~uintptr_t{7}; word < end; word += 8, c++) {
    uintptr_t lo = word < addr ? addr : word, hi = end < word + 8 ? end : word + 8;
    if (!access_word_done_quick(o, c, ((1u << (hi - lo)) - 1) << (lo - word), flags)) return false;
  }
  return true;
}

// Any access: splits it into words.
VIGIL_ALWAYS_INLINE void access_range(owner *o, uintptr_t addr, size_t size, unsigned flags,
                                      uintptr_t pc) {
  if (VIGIL_UNLIKELY(size == 0 || !is_user_address(addr))) return;
  uintptr_t off = addr & 7;
  if (VIGIL_LIKELY(off + size <= 8)) {
    access_word(o, addr - off, ((1u << size) - 1) << off, flags, pc, addr, size);
    return;
  }
  // Several words: those of one line of cells are updated under one lock
  // of the line (a free of a 32-byte block, a memcpy, a 16-byte access).
  access_range_lines(o, addr, size, flags, pc);
}

// Fence windows (access.cpp): has a release fence started an epoch that no
// publication covers yet? Then accesses covered by this owner's entries of
// the window are noted rather than recorded.
VIGIL_ALWAYS_INLINE bool in_fence_window(const owner *o) { return o->epoch > o->published + 1; }
// Records the noted accesses as accesses of the current epoch.
void replay_deferred(owner *o);
// A relaxed store or RMW is about to publish the last release fence's clock
// (fence_epoch): the notes are recorded first.
VIGIL_ALWAYS_INLINE void fence_published(owner *o) {
  if (o->ndeferred) replay_deferred(o);
  if (o->published < o->fence_epoch) o->published = o->fence_epoch;
}

VIGIL_ALWAYS_INLINE bool owner_ignores(const owner *o, unsigned flags) {
  return (flags & k_access_write) ? o->ignore_writes > 0 : o->ignore_reads > 0;
}

}  // namespace vigil::detect
