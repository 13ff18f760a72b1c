// access.cpp — the slow path of access checking and the ABI entry points for
// plain memory accesses, vptr accesses, memory intrinsics and the shadow call
// stack.
#include "access.h"

#include "../report/report.h"

namespace vigil::detect {
namespace {

// One side (writes or reads) of a cell, unpacked for editing.
struct side_buf {
  list_item *items;
  uint32_t n = 0;
  uint32_t cap;
  list_item local[16];

  side_buf() : items(local), cap(16) {}
  ~side_buf() {
    if (items != local) internal_free(items);
  }
  side_buf(const side_buf &) = delete;
  side_buf &operator=(const side_buf &) = delete;

  void push(shadow_entry e, stack_id s) {
    if (n == cap) {
      auto *bigger = static_cast<list_item *>(internal_alloc(cap * 2 * sizeof(list_item)));
      for (uint32_t i = 0; i < n; i++) bigger[i] = items[i];
      if (items != local) internal_free(items);
      items = bigger;
      cap *= 2;
    }
    items[n].e = e;
    items[n].stack = s;
    items[n].pad = 0;
    n++;
  }
  // Removes the bytes of `mask` from entries selected by keep(), dropping
  // entries left with no byte.
  template <class Pred>
  void remove_bytes(unsigned mask, Pred applies) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
      list_item it = items[i];
      if (applies(it.e)) {
        unsigned m = entry_mask(it.e) & ~mask;
        if (m == 0) continue;
        it.e = entry_with_mask(it.e, m);
      }
      items[k++] = it;
    }
    n = k;
  }
  // Adds the access entry, merging with an entry of the same epoch and flags.
  void add(shadow_entry e, stack_id s) {
    for (uint32_t i = 0; i < n; i++) {
      if ((items[i].e & ~kMaskBits) == (e & ~kMaskBits) && items[i].stack == s) {
        items[i].e |= e & kMaskBits;
        return;
      }
    }
    push(e, s);
  }
};

void load_side(shadow_entry v, stack_id inline_stack, side_buf &out) {
  if (v & kIndirect) {
    entry_list *l = list_of(v);
    for (uint32_t i = 0; i < l->count; i++) out.push(l->items[i].e, l->items[i].stack);
  } else if (v & ~kSyncBit) {
    out.push(v & ~kSyncBit, inline_stack);
  }
}

// Writes `in` back into the side whose current value is `old`; returns the new value.
shadow_entry store_side(shadow_entry old, const side_buf &in, stack_id *inline_stack, uint64_t keep_bits) {
  entry_list *old_list = (old & kIndirect) ? list_of(old) : nullptr;
  if (in.n == 0 || (in.n == 1 && !old_list)) {
    if (old_list) list_free(old_list);
    if (in.n == 0) return keep_bits;
    *inline_stack = in.items[0].stack;
    return in.items[0].e | keep_bits;
  }
  // A word that needed a list once is likely to need it again (shared reads
  // in alternating shapes): a list shrinking to one entry is kept.
  entry_list *l = old_list;
  if (l == nullptr || l->capacity < in.n) {
    if (l) list_free(l);
    l = list_new(in.n < 4 ? 4 : in.n + 2);
  }
  for (uint32_t i = 0; i < in.n; i++) l->items[i] = in.items[i];
  l->count = in.n;
  return list_ref(l) | keep_bits;
}

VIGIL_ALWAYS_INLINE bool entry_happens_before(const owner *o, shadow_entry e) {
  return happens_before(o, entry_slot(e), entry_clock(e));
}

// Two accesses of which at least one writes race unless ordered or both atomic.
VIGIL_ALWAYS_INLINE bool conflicts(const owner *o, shadow_entry prev, unsigned flags) {
  if (entry_happens_before(o, prev)) return false;
  bool both_atomic = (flags & k_access_atomic) && (prev & kAtomicBit) && !(prev & kFreedBit);
  return !both_atomic;
}

}  // namespace

namespace {

// The common cases of a read that did not exit early, done in place without
// unpacking the cell: the reader already has an entry for these bytes from an
// earlier epoch (a loop re-reading shared data after each lock/unlock), or
// from this epoch for neighbouring bytes (a misaligned vector load touching
// the word twice). Returns false if the general path is needed. Cell lock held.
//
// Entries of others that are now ordered before this read stay: they can
// never cause a false report (they happen before this read), they only take
// space until the next write of these bytes clears them.
bool read_in_place(owner *o, shadow_cell *c, cell_origin *org, unsigned mask, unsigned flags, stack_id my_stack,
                   bool *raced, list_item *prev) {
  shadow_entry w = c->w;
  if (w & kIndirect) return false;
  if (w && (entry_mask(w) & mask) && conflicts(o, w, flags)) {
    *raced = true;
    *prev = {w, org->w_stack, 0};
  }
  uint64_t atomic = (flags & k_access_atomic) ? kAtomicBit : 0;
  shadow_entry mine = make_entry(o->tag, mask, atomic);
  // May entry e be replaced by this read? Same epoch (the masks merge), or
  // an older read of this owner covering no byte this read does not cover.
  // An entry is superseded by this read if it is this epoch's (the masks
  // merge), or it happens before this read and covers no other byte: any
  // later write that races with it races with this read too (FastTrack).
  // A non-atomic entry is never superseded by an atomic read (an atomic
  // write may race with the former but not with the latter).
  auto replaceable = [&](shadow_entry e) {
    if ((e & kEpochBits) == o->tag) return (e & kAtomicBit) == atomic;
    if ((entry_mask(e) & ~mask) != 0) return false;
    if (atomic && !(e & kAtomicBit)) return false;
    return entry_happens_before(o, e);
  };
  auto merged = [&](shadow_entry e) {
    return (e & kEpochBits) == o->tag ? (mine | (e & kMaskBits)) : mine;
  };
  shadow_entry r = c->r;
  if ((r & ~kSyncBit) == 0) {
    org->r_stack = my_stack;
    __atomic_store_n(&c->r, mine | (r & kSyncBit), __ATOMIC_RELAXED);
    return true;
  }
  if (!(r & kIndirect)) {
    shadow_entry e = r & ~kSyncBit;
    if (!replaceable(e)) return false;
    org->r_stack = my_stack;
    __atomic_store_n(&c->r, merged(e) | (r & kSyncBit), __ATOMIC_RELAXED);
    return true;
  }
  entry_list *l = list_of(r);
  bool done = false;
  for (uint32_t i = 0; i < l->count;) {
    shadow_entry e = l->items[i].e;
    if (replaceable(e)) {
      if (!done) {
        l->items[i].e = merged(e);
        l->items[i].stack = my_stack;
        done = true;
      } else if ((e & kEpochBits) != o->tag) {
        // Another superseded entry: drop it, the list stays as small as the
        // number of reads that are really concurrent.
        l->items[i] = l->items[--l->count];
        continue;
      }
    }
    i++;
  }
  if (done) return true;
  if (l->count < l->capacity) {
    l->items[l->count++] = {mine, my_stack, 0};
    return true;
  }
  return false;
}

// The common case of a write that did not exit early: the word has at most
// one write and one read entry inline, and the write's bytes cover the old
// write's (or it is this epoch's). Done in place. Returns false if the
// general path is needed. Cell lock held.
bool write_in_place(owner *o, shadow_cell *c, cell_origin *org, shadow_entry mine, unsigned mask, unsigned flags,
                    stack_id my_stack, bool *raced, bool *prev_wrote, list_item *prev) {
  shadow_entry w = c->w, r = c->r;
  if ((w | r) & kIndirect) return false;
  shadow_entry re = r & ~kSyncBit;
  unsigned wm = entry_mask(w), rm = entry_mask(re);
  bool same_epoch = (w & ~kMaskBits) == (mine & ~kMaskBits);
  if (w && (wm & ~mask) && !same_epoch) return false;  // the old write keeps bytes: split needed
  if (w && (wm & mask) && conflicts(o, w, flags)) {
    *raced = true;
    *prev_wrote = true;
    *prev = {w, org->w_stack, 0};
  } else if (re && (rm & mask) && conflicts(o, re, flags)) {
    *raced = true;
    *prev = {re, org->r_stack, 0};
  }
  shadow_entry nw = same_epoch ? (mine | (w & kMaskBits)) : mine;
  // Reads of the written bytes are forgotten (ordered before, or reported).
  shadow_entry nr = (rm & ~mask) ? entry_with_mask(re, rm & ~mask) : 0;
  org->w_stack = my_stack;
  __atomic_store_n(&c->w, nw, __ATOMIC_RELAXED);
  __atomic_store_n(&c->r, nr | (r & kSyncBit), __ATOMIC_RELAXED);
  return true;
}

}  // namespace

void access_word_slow(owner *o, uintptr_t word, unsigned mask, unsigned flags, uintptr_t pc,
                      uintptr_t addr, size_t size) {
  shadow_cell *c = shadow_cell_for(word);
  cell_origin *org = origin_for(c, word);
  bool write = flags & k_access_write;
  stack_id my_stack = owner_stack(o, pc);
  shadow_entry mine = make_entry(o->tag, mask, flags & k_access_atomic);
  if (flags & k_access_free) mine |= kFreedBit;

  bool raced = false;
  bool prev_wrote = false;
  list_item prev{};
  {
    spin_lock l(cell_lock(c));
    if (!write && read_in_place(o, c, org, mask, flags, my_stack, &raced, &prev)) {
      prev_wrote = raced;
      goto done;
    }
    if (write && write_in_place(o, c, org, mine, mask, flags, my_stack, &raced, &prev_wrote, &prev)) goto done;
    raced = false;
    side_buf ws, rs;
    shadow_entry w = c->w, r = c->r;
    load_side(w, org->w_stack, ws);
    load_side(r, org->r_stack, rs);
    for (uint32_t i = 0; i < ws.n && !raced; i++) {
      if ((entry_mask(ws.items[i].e) & mask) && conflicts(o, ws.items[i].e, flags)) {
        raced = true;
        prev_wrote = true;
        prev = ws.items[i];
      }
    }
    if (write) {
      for (uint32_t i = 0; i < rs.n && !raced; i++) {
        if ((entry_mask(rs.items[i].e) & mask) && conflicts(o, rs.items[i].e, flags)) {
          raced = true;
          prev = rs.items[i];
        }
      }
      // The new write is the last write of its bytes; reads of them are either
      // ordered before it or were just reported: forget them.
      ws.remove_bytes(mask, [](shadow_entry) { return true; });
      ws.add(mine, my_stack);
      rs.remove_bytes(mask, [](shadow_entry) { return true; });
    } else {
      // Reads ordered before this one are superseded by it, unless they were
      // non-atomic and this one is atomic (an atomic write may race with them
      // but not with this read).
      bool atomic = flags & k_access_atomic;
      rs.remove_bytes(mask, [o, atomic](shadow_entry e) {
        return entry_happens_before(o, e) && (!atomic || (e & kAtomicBit));
      });
      rs.add(mine, my_stack);
    }
    shadow_entry nw = store_side(w, ws, &org->w_stack, 0);
    shadow_entry nr = store_side(r, rs, &org->r_stack, r & kSyncBit);
    if ((nw | nr) & kIndirect) mark_page(c, word, kPageHasLists);
    __atomic_store_n(&c->w, nw, __ATOMIC_RELAXED);
    __atomic_store_n(&c->r, nr, __ATOMIC_RELAXED);
  }
done:
  if (raced) {
    race_access cur{addr, size, flags, o->desc->id, my_stack};
    unsigned pm = entry_mask(prev.e);
    owner_desc *pd = owner_desc_for(entry_slot(prev.e), entry_clock(prev.e));
    unsigned pflags = 0;
    if (prev.e & kAtomicBit) pflags |= k_access_atomic;
    if (prev.e & kFreedBit) pflags |= k_access_free | k_access_write;
    if (prev_wrote) pflags |= k_access_write;
    race_access prv{word + static_cast<uintptr_t>(__builtin_ctz(pm)), static_cast<size_t>(__builtin_popcount(pm)),
                    pflags, pd ? pd->id : ~0u, prev.stack};
    report_race(o, cur, prv, mask);
  }
}

}  // namespace vigil::detect
