// access.cpp — the slow path of access checking and the ABI entry points for
// plain memory accesses, vptr accesses, memory intrinsics and the shadow call
// stack.
#include "access.h"

#include "read_set.h"
#include "reports.h"

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

// The bytes of a group's entry that `s` wrote.
unsigned group_bytes(stack_group g, unsigned mask, stack_id s) {
  unsigned m = 0;
  for (unsigned b = 0; b < 8; b++)
    if ((mask >> b & 1) && stack_group_byte(g, b) == s) m |= 1u << b;
  return m;
}

// The write side: inline entry (one item per stack of a group), or a mutable
// list (cell lock held).
void load_writes(shadow_entry w, stack_id inline_stack, side_buf &out) {
  if (w & kIndirect) {
    entry_list *l = list_of(w);
    const stack_id *stacks = list_stacks(l);
    for (uint32_t i = 0; i < l->count; i++) out.push(l->e[i], stacks[i]);
  } else if (w & kGroupBit) {
    w &= ~kGroupBit;
    for (unsigned left = entry_mask(w); left != 0;) {
      stack_id s = stack_group_first(inline_stack, left);
      unsigned m = group_bytes(inline_stack, left, s);
      out.push(entry_with_mask(w, m), s);
      left &= ~m;
    }
  } else if (w) {
    out.push(w, inline_stack);
  }
}

// Items of one epoch and flags (their masks are disjoint: one write per
// byte) as one inline entry with a stack group; 0 if they are not, or the
// group table is full.
shadow_entry as_group(const side_buf &in, stack_id *inline_stack) {
  shadow_entry tag = in.items[0].e & ~kMaskBits;
  stack_id by_byte[8] = {};
  unsigned mask = 0;
  for (uint32_t i = 0; i < in.n; i++) {
    if ((in.items[i].e & ~kMaskBits) != tag) return 0;
    unsigned m = entry_mask(in.items[i].e);
    mask |= m;
    for (unsigned b = 0; b < 8; b++)
      if (m >> b & 1) by_byte[b] = in.items[i].stack;
  }
  stack_group g = stack_group_intern(by_byte);
  if (g == 0) return 0;
  *inline_stack = g;
  return entry_with_mask(tag, mask) | kGroupBit;
}

// Writes `in` back into the write side whose current value is `old`; returns
// the new value. Inline whenever one entry can say it: one item, or items of
// one epoch (a group). Only bytes last written in different epochs need a
// list; it goes as soon as they no longer are, so that the fast path, which
// sees inline entries only, serves the word again.
shadow_entry store_writes(shadow_entry old, const side_buf &in, stack_id *inline_stack) {
  entry_list *old_list = (old & kIndirect) ? list_of(old) : nullptr;
  shadow_entry one = 0;
  if (in.n == 1) {
    *inline_stack = in.items[0].stack;
    one = in.items[0].e;
  } else if (in.n > 1) {
    one = as_group(in, inline_stack);
  }
  if (in.n == 0 || one != 0) {
    if (old_list) list_free(old_list);
    return one;
  }
  entry_list *l = old_list;
  if (l == nullptr || l->capacity < in.n) {
    if (l) list_free(l);
    l = list_new(in.n <= 2 ? 2 : in.n + 1);  // most words hold two halves: 32 bytes
  }
  stack_id *stacks = list_stacks(l);
  for (uint32_t i = 0; i < in.n; i++) {
    __atomic_store_n(&l->e[i], in.items[i].e, __ATOMIC_RELAXED);
    stacks[i] = in.items[i].stack;
  }
  l->count = in.n;
  return list_ref(l);
}

// The read side: inline entry, or an interned read set (r without the lock bit).
void load_reads(shadow_entry r, stack_id inline_stack, side_buf &out) {
  if (r & kIndirect) {
    read_set *s = read_set_of(r);
    for (uint32_t i = 0; i < s->count; i++) out.push(set_item(s, i).e, set_item(s, i).stack);
  } else if (r) {
    out.push(r, inline_stack);
  }
}

// The new r for the reads `in`; the set r held before, if any, goes to
// *drop: its reference is released after the cell is unlocked (a change cut
// short by fork then leaks it, never frees it early).
// Has `o` already replaced the interned reads of `word` by a set no cache
// entry knew, recently? (Then the word's reads keep changing: see
// read_in_place.) Records it if not.
// "Recently": within the owner's last 64 such misses. A hot word misses
// again after a few; a word of a swept read-mostly array only a whole sweep
// later (after thousands), and must keep its shared set.
bool word_missed_again(owner *o, uintptr_t word) {
  if (!read_set_private_allowed()) return false;
  owner::missed_word &m = o->missed_words[(word >> 3) & 7];
  uint64_t now = ++o->misses;
  if (m.word == word && now - m.at <= 64) return true;
  m = {word, now};
  return false;
}

// A set only one word holds (refs is read without the bucket lock: a hint)
// with this many reads is kept private rather than interned anew at every
// new reader (see read_in_place).
constexpr uint32_t kPrivateAfterReaders = 8;
bool lone_and_large(const read_set *s) {
  return !s->is_private && s->count >= kPrivateAfterReaders && __atomic_load_n(&s->refs, __ATOMIC_RELAXED) <= 1 &&
         read_set_private_allowed();
}

shadow_entry store_reads(owner *o, shadow_cell *c, uintptr_t word, shadow_entry old, side_buf &in, read_set **drop) {
  read_set *s = (old & kIndirect) ? read_set_of(old) : nullptr;
  if (s) *drop = s;
  // A private set stays, even empty, until the word is reset (a write that
  // clears the reads would otherwise make the next reads intern sets
  // again); a word for which this owner keeps making new sets becomes
  // private.
  if (s && s->is_private) {
    // Rewritten in place while at most 3/4 full, so that reads appended
    // next (read_set_append) find room: a set that stays full after its
    // superseded reads are dropped doubles.
    if (in.n <= s->capacity - s->capacity / 4 && read_set_rewrite(s, in.items, in.n)) {
      *drop = nullptr;
      return old;
    }
    return read_set_ref(read_set_private(in.items, in.n, 2 * in.n));
  }
  if (in.n >= 2 && ((s && lone_and_large(s)) || word_missed_again(o, word))) {
    mark_page(c, word, kPageHasLists);
    return read_set_ref(read_set_private(in.items, in.n));
  }
  return read_side_value(c, word, in.items, in.n);
}

VIGIL_ALWAYS_INLINE bool entry_happens_before(const owner *o, shadow_entry e) {
  // The owner's own slot (also an earlier owner of it): always before.
  if (((e ^ o->tag) & (uint64_t{kMaxSlots - 1} << kSlotShift)) == 0) return true;
  return happens_before(o, entry_slot(e), entry_clock(e));
}

// Two accesses of which at least one writes race unless ordered or both atomic.
VIGIL_ALWAYS_INLINE bool conflicts(const owner *o, shadow_entry prev, unsigned flags) {
  if (entry_happens_before(o, prev)) return false;
  bool both_atomic = (flags & k_access_atomic) && (prev & kAtomicBit) && !(prev & kFreedBit);
  return !both_atomic;
}

// An atomic access and an earlier atomic one that is not ordered before it
// (no race between them).
VIGIL_ALWAYS_INLINE bool atomic_unordered(const owner *o, shadow_entry prev, unsigned flags) {
  return (flags & k_access_atomic) && (prev & kAtomicBit) && !(prev & kFreedBit) && !entry_happens_before(o, prev);
}

// What a check found against an earlier access.
struct race_found {
  bool raced = false;
  bool prev_wrote = false;
  list_item prev{};

  void note(shadow_entry e, stack_id s, bool wrote) {
    if (raced) return;
    raced = true;
    prev_wrote = wrote;
    prev = {e, s, 0};
  }
  // The inline write entry w, racing on the bytes `mask`: with a group, the
  // write is the one of the lowest such byte, and covers the bytes its code
  // wrote (what a write list's item would say).
  void note_write(shadow_entry w, const cell_origin *org, unsigned mask) {
    if (!(w & kGroupBit)) return note(w, org->w_stack, true);
    stack_id s = stack_group_first(org->w_stack, mask & entry_mask(w));
    note(entry_with_mask(w & ~kGroupBit, group_bytes(org->w_stack, entry_mask(w), s)), s, true);
  }
};

// What one word's locked update did, when the next words of a range whose
// cells hold the same entries would have it done to them too (see
// access_range_lines, "Runs of equal cells"). The outcome of the common
// paths is a function of the cell's entries, the access's bytes and kind,
// and the owner's clock and stack, nothing else: race checks compare
// entries with the clock; a read's new r is the entry merged (inline), or
// the owner's transition cache's answer for (r, the read) from a shared
// set; a write that covers the old write's bytes stores its own entry and
// keeps what the reads say of other bytes. Paths that depend on the word
// itself (a private set, which belongs to one word; a transition from an
// inline read, keyed by that read's stack; a write keeping bytes of the old
// write, keyed by its stack) or that found a race are not reused.
struct word_memo {
  enum kind_t : uint8_t { none, read_inline, read_cached, write_inline };
  kind_t kind = none;
  unsigned mask = 0;
  shadow_entry w = 0, r = 0;  // the cell before
  shadow_entry nw = 0, nr = 0;  // after
  read_transition *t = nullptr;  // read_cached: the transition cache entry that moved it

  VIGIL_ALWAYS_INLINE bool matches(shadow_entry cw, shadow_entry cr, unsigned m) const {
    return kind != none && cw == w && cr == r && m == mask;
  }
};

// The read's view of earlier reads of its bytes. An entry is superseded by
// the read if it is this epoch's (the masks merge), or it happens before the
// read and covers no other byte: any later write that races with it races
// with this read too (FastTrack). A non-atomic entry is never superseded by an
// atomic read (an atomic write may race with the former but not with the
// latter). Entries of others that are ordered before the read but cover other
// bytes stay: they cannot cause a false report, they only take space until
// the next write of those bytes clears them.
struct read_rule {
  const owner *o;
  unsigned mask;
  uint64_t atomic;
  shadow_entry mine;

  VIGIL_ALWAYS_INLINE bool same_epoch(shadow_entry e) const {
    return (e & kEpochBits) == o->tag && (e & kAtomicBit) == atomic;
  }
  // `cover`: the bytes this epoch's merged entry will cover (at least mask).
  // An older entry within them is superseded: it happens before this epoch,
  // so a write unordered with it is unordered with this epoch too.
  VIGIL_ALWAYS_INLINE bool superseded(shadow_entry e, unsigned cover) const {
    if ((e & kEpochBits) == o->tag) return (e & kAtomicBit) == atomic;
    if ((entry_mask(e) & ~cover) != 0) return false;
    if (atomic && !(e & kAtomicBit)) return false;
    return entry_happens_before(o, e);
  }
  VIGIL_ALWAYS_INLINE bool superseded(shadow_entry e) const { return superseded(e, mask); }
  // The read's entry, merged with a superseded entry of this epoch.
  VIGIL_ALWAYS_INLINE shadow_entry merged(shadow_entry e) const {
    return (e & kEpochBits) == o->tag ? (mine | (e & kMaskBits)) : mine;
  }
};

VIGIL_ALWAYS_INLINE unsigned transition_index(shadow_entry from, stack_id from_stack, shadow_entry mine,
                                              stack_id stack) {
  uint64_t h = (from ^ (uint64_t{from_stack} << 40)) * 0x9E3779B97F4A7C15ull ^ mine ^ (uint64_t{stack} << 20);
  return static_cast<unsigned>((h * 0xff51afd7ed558ccdull) >> 32) & (kReadTransitions - 1);
}

// A read whose word has at most one write entry: done without unpacking the
// cell. Reads by one owner at a time stay inline; concurrent reads become a
// shared set. Transitions that involve a set (inline + read -> set of two,
// set + read -> set, set + read -> inline when the read supersedes all) are
// looked up in the owner's transition cache and computed and cached on a
// miss: words swept together go through the same transitions. Returns false
// if the general path is needed. Cell locked; *nr is the new r.
bool read_in_place(owner *o, shadow_cell *c, cell_origin *org, uintptr_t word, shadow_entry r, const read_rule &rule,
                   stack_id my_stack, unsigned flags, race_found *race, shadow_entry *nr, word_memo::kind_t *kind,
                   read_transition **moved) {
  shadow_entry w = c->w;
  if (w & kIndirect) return false;
  if (w && (entry_mask(w) & rule.mask) && conflicts(o, w, flags))
    race->note_write(w, org, rule.mask);
  shadow_entry cur = r;
  // A sweep re-reads words from the same place each epoch: the origin then
  // already holds this stack, and leaving its line clean saves a write-back.
  if (cur == 0) {
    if (org->r_stack != my_stack) org->r_stack = my_stack;
    *nr = rule.mine;
    *kind = word_memo::read_inline;
    return true;
  }
  bool shared = cur & kIndirect;
  if (shared && read_set_of(cur)->is_private) {
    // A re-read in this epoch (a spin loop) changes nothing: the word's write
    // was checked above. Another read is appended (read_set_append); a full
    // set goes to the general path, which drops what this read supersedes.
    read_set *set = read_set_of(cur);
    owner::set_hint &hint = set_hint_for(o, set);
    uint32_t where = hint.set == set ? hint.index : ~0u;
    if (!read_set_has_epoch(o, cur, rule.mask, rule.atomic) && !read_set_append(set, rule.mine, my_stack, &where))
      return false;
    if (where != ~0u) hint = {set, where};
    *nr = cur;
    return true;
  }
  if (!shared && rule.superseded(cur)) {
    if (org->r_stack != my_stack) org->r_stack = my_stack;
    *nr = rule.merged(cur);
    *kind = word_memo::read_inline;
    return true;
  }
  stack_id cur_stack = shared ? 0 : org->r_stack;
  if (VIGIL_UNLIKELY(!o->read_cache))
    o->read_cache = static_cast<read_transition *>(internal_calloc(kReadTransitions, sizeof(read_transition)));
  read_transition &t = o->read_cache[transition_index(cur, cur_stack, rule.mine, my_stack)];
  if (VIGIL_LIKELY(t.from == cur && t.from_stack == cur_stack && t.mine == rule.mine && t.stack == my_stack)) {
    t.moves++;
    if (t.to & kIndirect) mark_page(c, word, kPageHasLists);
    else org->r_stack = my_stack;
    *nr = t.to;
    if (shared) {
      *kind = word_memo::read_cached;
      *moved = &t;
    }
    return true;
  }
  // Miss: compute the new reads.
  side_buf items;
  shadow_entry me = rule.mine;
  if (shared) {
    read_set *s = read_set_of(cur);
    for (uint32_t i = 0; i < s->count; i++)
      if (rule.same_epoch(set_item(s, i).e)) me |= set_item(s, i).e & kMaskBits;
    unsigned cover = entry_mask(me);
    for (uint32_t i = 0; i < s->count; i++) {
      shadow_entry e = set_item(s, i).e;
      if (!rule.superseded(e, cover)) items.push(e, set_item(s, i).stack);
    }
  } else {
    items.push(cur, cur_stack);
  }
  items.push(me, my_stack);
  // A set that only this word holds, already large, is not worth interning
  // again at every new reader: many owners reading one word once each (the
  // tasks of a batch reading a captured pointer) would copy a growing set
  // per read, quadratically; a private set grows in place.
  if (shared && items.n >= 2 && (lone_and_large(read_set_of(cur)) || word_missed_again(o, word))) {
    // A transition to a set that no cache entry knew. Once is a sweep of a
    // read-mostly array starting a new round (its other words will hit the
    // entry made now); twice for the same word is a word whose readers keep
    // reading it in ever new epochs (a queue's fields, read by every thread
    // between its releases, and written now and then): no transition of it
    // will repeat, so its reads become private (read_set.h). The cell's
    // reference to an interned set goes (cell lock, then bucket lock, as in
    // intern).
    if (shared) read_set_adjust(read_set_of(cur), -1, 0);
    mark_page(c, word, kPageHasLists);
    *nr = read_set_ref(read_set_private(items.items, items.n));
    return true;
  }
  shadow_entry to;
  if (items.n == 1) {  // every earlier read is ordered before this one
    to = me;
  } else {
    to = read_set_ref(read_set_intern(items.items, items.n, 0, 1));
    mark_page(c, word, kPageHasLists);
  }
  if (shared) read_set_adjust(read_set_of(cur), 0, 1);
  read_transition_settle(t);
  t = {cur, to, rule.mine, cur_stack, my_stack, 1, 0};
  if (!(to & kIndirect)) org->r_stack = my_stack;
  *nr = to;
  if (shared) {
    *kind = word_memo::read_cached;
    *moved = &t;
  }
  return true;
}

// The common case of a write that did not exit early: the word has at most
// one write and one read entry inline, and the write's bytes cover the old
// write's (or it is this epoch's). Done in place. Returns false if the
// general path is needed. Cell locked; *nr is the new r.
bool write_in_place(owner *o, shadow_cell *c, cell_origin *org, shadow_entry r, shadow_entry mine, unsigned mask,
                    unsigned flags, stack_id my_stack, race_found *race, shadow_entry *nr, word_memo::kind_t *kind) {
  shadow_entry w = c->w;
  if ((w | r) & kIndirect) return false;
  shadow_entry re = r;
  unsigned wm = entry_mask(w), rm = entry_mask(re);
  bool same_epoch = (w & ~(kMaskBits | kGroupBit)) == (mine & ~kMaskBits);
  unsigned kept = w ? wm & ~mask : 0;  // bytes whose last write stays the old one
  if (kept && !same_epoch) return false;  // two epochs in one word: a list
  // This epoch's write of other bytes by other code: the word's bytes keep
  // their own stacks in a group.
  if (kept && ((w & kGroupBit) || org->w_stack != my_stack)) return false;
  if (w && (wm & mask) && conflicts(o, w, flags)) race->note_write(w, org, mask);
  else if (re && (rm & mask) && conflicts(o, re, flags)) race->note(re, org->r_stack, false);
  if (org->w_stack != my_stack) org->w_stack = my_stack;  // a clean line stays shared
  __atomic_store_n(&c->w, mine | (static_cast<uint64_t>(kept) << kMaskShift), __ATOMIC_RELAXED);
  // Reads of the written bytes are forgotten (ordered before, or reported),
  // but for an atomic read that this atomic write does not race with (see
  // access_general).
  if (re && (rm & mask) && atomic_unordered(o, re, flags)) *nr = re;
  else *nr = (rm & ~mask) ? entry_with_mask(re, rm & ~mask) : 0;
  if (!kept) *kind = word_memo::write_inline;
  return true;
}

// An atomic write to a word whose reads are a padded private set (a queue
// index that the other threads keep re-reading): checked against the write
// and every read, done in place, and the reads stay. The atomic reads it is
// unordered with must stay anyway (access_general); the others, ordered
// before it or reported against it, may: anything that races with such a
// read later also races with this write (if the read happens before the
// write, whatever the write happens before, the read does too), which is
// checked first. So the readers' items keep their places, and their
// lock-free updates (read_own_lockfree) keep working between the writes.
// The write's bytes must cover the old write's, as in write_in_place.
bool write_over_set(owner *o, shadow_cell *c, cell_origin *org, shadow_entry r, shadow_entry mine, unsigned mask,
                    unsigned flags, stack_id my_stack, race_found *race, shadow_entry *nr) {
  if ((flags & (k_access_atomic | k_access_free)) != k_access_atomic) return false;
  read_set *s = padded_of(r);
  shadow_entry w = c->w;
  if (s == nullptr || (w & kIndirect)) return false;
  unsigned wm = entry_mask(w);
  bool same_epoch = (w & ~(kMaskBits | kGroupBit)) == (mine & ~kMaskBits);
  unsigned kept = w ? wm & ~mask : 0;
  if (kept && (!same_epoch || (w & kGroupBit) || org->w_stack != my_stack)) return false;
  bool write_raced = w && (wm & mask) && conflicts(o, w, flags);
  if (write_raced) race->note_write(w, org, mask);  // reads the old write's origin
  if (org->w_stack != my_stack) org->w_stack = my_stack;
  // The new write first, with a full barrier, then the reads: a Dekker pair
  // with a reader's lock-free update (read_own_lockfree), which replaces its
  // item (a full barrier) and then looks at w again. Either this sees the
  // new item, or the reader sees the new write and redoes the read under the
  // lock, where it is checked against the write. The set's seq stays: its
  // header line, which every reader reads at every read, is not taken from
  // them at every write of a queue index.
  __atomic_exchange_n(&c->w, mine | (static_cast<uint64_t>(kept) << kMaskShift), __ATOMIC_SEQ_CST);
  if (!write_raced) {
    // Only plain reads can race with an atomic write (read_set.h); a
    // reader's lock-free update keeps its item's kind.
    uint32_t n = __atomic_load_n(&s->count, __ATOMIC_RELAXED);
    for (uint32_t m = s->plain_items & ((1u << n) - 1); m; m &= m - 1) {  // n <= kPaddedMax
      const list_item &it = set_item(s, static_cast<uint32_t>(__builtin_ctz(m)));
      shadow_entry e = __atomic_load_n(&it.e, __ATOMIC_RELAXED);
      if ((entry_mask(e) & mask) && conflicts(o, e, flags)) {
        race->note(e, it.stack, false);
        break;
      }
    }
  }
  *nr = r;
  return true;
}

// A write to a word whose write list holds two entries (its halves last
// written in different epochs: an int array's elements), covering exactly
// one of them, with at most one inline read: the entry is replaced in
// place, as store_writes would, when the other entry stays of another
// epoch or kind (else the word can go back to one inline entry: the
// general path). A race goes to the general path, which reports it.
bool write_over_list(owner *o, shadow_cell *c, shadow_entry r, shadow_entry mine, unsigned mask, unsigned flags,
                     stack_id my_stack, shadow_entry *nr) {
  shadow_entry w = c->w;
  if (!(w & kIndirect) || (r & kIndirect)) return false;
  entry_list *l = list_of(w);
  if (l->count != 2) return false;
  unsigned m0 = entry_mask(l->e[0]), m1 = entry_mask(l->e[1]);
  unsigned k = m0 == mask ? 0 : m1 == mask ? 1 : 2;
  if (k == 2) return false;
  shadow_entry mine_e = l->e[k], other = l->e[1 - k];
  if ((other & ~kMaskBits) == (mine & ~kMaskBits)) return false;  // one epoch again: inline
  if (conflicts(o, mine_e, flags)) return false;
  unsigned rm = entry_mask(r);
  if (r && (rm & mask) && conflicts(o, r, flags)) return false;
  __atomic_store_n(&l->e[k], mine, __ATOMIC_RELAXED);
  list_stacks(l)[k] = my_stack;
  if (r && (rm & mask) && atomic_unordered(o, r, flags)) *nr = r;
  else *nr = (rm & ~mask) ? entry_with_mask(r, rm & ~mask) : 0;
  return true;
}

// Everything else: both sides unpacked, checked, edited and stored back.
// Out of line: it needs a large frame, which the common paths should not pay.
VIGIL_NOINLINE void access_general(owner *o, shadow_cell *c, cell_origin *org, uintptr_t word, shadow_entry r, shadow_entry mine,
                    const read_rule &rule, unsigned flags, stack_id my_stack, race_found *race, shadow_entry *nr,
                    read_set **drop) {
  bool write = flags & k_access_write;
  unsigned mask = rule.mask;
  side_buf ws, rs;
  // A padded set's items may move or go, and the word's write may change:
  // lock-free updates of its items fail meanwhile (read_own_lockfree).
  read_set *padded = padded_of(r);
  if (padded) padded_change_begin(padded);
  shadow_entry w = c->w;
  load_writes(w, org->w_stack, ws);
  load_reads(r, org->r_stack, rs);
  for (uint32_t i = 0; i < ws.n; i++)
    if ((entry_mask(ws.items[i].e) & mask) && conflicts(o, ws.items[i].e, flags))
      race->note(ws.items[i].e, ws.items[i].stack, true);
  if (write) {
    for (uint32_t i = 0; i < rs.n; i++)
      if ((entry_mask(rs.items[i].e) & mask) && conflicts(o, rs.items[i].e, flags))
        race->note(rs.items[i].e, rs.items[i].stack, false);
    // The new write is the last write of its bytes; reads of them are either
    // ordered before it or were just reported: forget them. Not an atomic
    // read that this atomic write is unordered with (no race, nothing
    // reported): a later plain write that it is unordered with races with
    // it, and must find it. (It also keeps a hot word's readers' items in
    // place between the writes of a queue index.)
    ws.remove_bytes(mask, [](shadow_entry) { return true; });
    ws.add(mine, my_stack);
    rs.remove_bytes(mask, [o, flags](shadow_entry e) { return !atomic_unordered(o, e, flags); });
  } else {
    // Reads ordered before this one lose its bytes to it, unless they were
    // non-atomic and this one is atomic (an atomic write may race with them
    // but not with this read).
    rs.remove_bytes(mask, [&rule](shadow_entry e) {
      return entry_happens_before(rule.o, e) && (!rule.atomic || (e & kAtomicBit));
    });
    rs.add(mine, my_stack);
  }
  shadow_entry nw = store_writes(w, ws, &org->w_stack);
  if (nw & kIndirect) mark_page(c, word, kPageHasLists);
  __atomic_store_n(&c->w, nw, __ATOMIC_RELAXED);
  *nr = store_reads(o, c, word, r, rs, drop);
  if (padded) padded_change_end(padded);
}

VIGIL_NOINLINE void report_found(owner *o, const race_found &race, uintptr_t word, unsigned mask, unsigned flags,
                                 uintptr_t addr, size_t size, stack_id my_stack) {
  unsigned pm = entry_mask(race.prev.e);
  if (o->range_elem) {
    // A loop's range check: the access is the element holding the first
    // racing byte.
    uintptr_t b = word + static_cast<uintptr_t>(__builtin_ctz((mask & pm) ? (mask & pm) : mask));
    addr = o->range_base + (b - o->range_base) / o->range_elem * o->range_elem;
    size = o->range_elem;
  }
  race_access cur{addr, size, flags, o->desc->id, my_stack};
  owner_desc *pd = owner_desc_for(entry_slot(race.prev.e), entry_clock(race.prev.e));
  unsigned pflags = 0;
  if (race.prev.e & kAtomicBit) pflags |= k_access_atomic;
  if (race.prev.e & kFreedBit) pflags |= k_access_free | k_access_write;
  if (race.prev_wrote) pflags |= k_access_write;
  race_access prv{word + static_cast<uintptr_t>(__builtin_ctz(pm)), static_cast<size_t>(__builtin_popcount(pm)),
                  pflags, pd ? pd->id : ~0u, race.prev.stack};
  report_race(o, cur, prv, mask);
}

}  // namespace

bool read_set_has_epoch(const owner *o, shadow_entry r, unsigned mask, uint64_t atomic) {
  const read_set *s = read_set_of(r);
  uint32_t n = __atomic_load_n(&s->count, __ATOMIC_ACQUIRE);
  // The owner's item where it was last time, if it is still its: then no
  // other reader's item is looked at (in a small private set each has its
  // own cache line, which its reader keeps rewriting). A read of this epoch
  // held by another item of this owner is missed: the slow path finds it.
  owner::set_hint &h = set_hint_for(o, s);
  if (h.set == s && h.index < n) {
    shadow_entry e = __atomic_load_n(&set_item(s, h.index).e, __ATOMIC_RELAXED);
    if (entry_slot(e) == o->slot)
      return (e & ~kMaskBits) == (o->tag | atomic) && (entry_mask(e) & mask) == mask;
  }
  bool found_mine = false;
  if (read_set_padded(s)) {  // the items the tags name (read_set.h)
    for (uint32_t m = padded_candidates(s, n, o->slot); m; m &= m - 1) {
      uint32_t i = static_cast<uint32_t>(__builtin_ctz(m));
      shadow_entry e = __atomic_load_n(&set_item(s, i).e, __ATOMIC_RELAXED);
      if (entry_slot(e) != o->slot) continue;
      if ((e & ~kMaskBits) == (o->tag | atomic) && (entry_mask(e) & mask) == mask) return true;
      if (!found_mine) {
        h = {s, i};
        found_mine = true;
      }
    }
    return false;
  }
  // Hot words hold a few readers; in longer sets the most recent reads are
  // the last ones (read_set_append), others take the slow path.
  for (uint32_t i = n > 8 ? n - 8 : 0; i < n; i++) {
    shadow_entry e = __atomic_load_n(&set_item(s, i).e, __ATOMIC_RELAXED);
    if ((e & ~kMaskBits) == (o->tag | atomic) && (entry_mask(e) & mask) == mask) return true;
    if (!found_mine && entry_slot(e) == o->slot) {
      h = {s, i};
      found_mine = true;
    }
  }
  return false;
}

bool write_list_has_epoch(const shadow_cell *c, shadow_entry w, unsigned mask, uint64_t want, uint64_t also) {
  const entry_list *l = list_of(w);
  uint32_t n = __atomic_load_n(&l->count, __ATOMIC_RELAXED);
  if (n > 8) n = 8;  // a word has at most 8 bytes, hence 8 writes
  for (uint32_t i = 0; i < n; i++) {
    shadow_entry e = __atomic_load_n(&l->e[i], __ATOMIC_RELAXED);
    if (((e & ~kMaskBits) == want || (e & ~kMaskBits) == also) && (entry_mask(e) & mask) == mask)
      return __atomic_load_n(&c->w, __ATOMIC_RELAXED) == w;
  }
  return false;
}

namespace {
// Checks and updates one word whose line the owner has locked; r is the
// cell's r. Returns the cell's new r; a race found, and a read set to drop
// once the line is unlocked, go to *race and *drop.
// With a memo, what was done goes to it (word_memo), or its kind becomes
// none.
VIGIL_ALWAYS_INLINE shadow_entry update_locked(owner *o, shadow_cell *c, uintptr_t word, unsigned mask, unsigned flags,
                                               stack_id my_stack, shadow_entry r, race_found *race, read_set **drop,
                                               word_memo *memo = nullptr) {
  cell_origin *org = origin_for(c, word);
  bool write = flags & k_access_write;
  uint64_t atomic = (flags & k_access_atomic) ? kAtomicBit : 0;
  shadow_entry mine = make_entry(o->tag, mask, atomic != 0);
  if (flags & k_access_free) mine |= kFreedBit;
  read_rule rule{o, mask, atomic, mine};
  shadow_entry nr;
  shadow_entry w = c->w;
  word_memo::kind_t kind = word_memo::none;
  read_transition *moved = nullptr;
  if (write ? !write_in_place(o, c, org, r, mine, mask, flags, my_stack, race, &nr, &kind) &&
                  !write_over_set(o, c, org, r, mine, mask, flags, my_stack, race, &nr) &&
                  !write_over_list(o, c, r, mine, mask, flags, my_stack, &nr)
            : !read_in_place(o, c, org, word, r, rule, my_stack, flags, race, &nr, &kind, &moved)) {
    *race = race_found{};
    kind = word_memo::none;
    access_general(o, c, org, word, r, mine, rule, flags, my_stack, race, &nr, drop);
  }
  if (memo) {
    memo->kind = race->raced ? word_memo::none : kind;
    memo->mask = mask;
    memo->w = w;
    memo->r = r;
    memo->nw = c->w;
    memo->nr = nr;
    memo->t = moved;
  }
  return nr;
}

// Does to the word (line locked, its cell holding memo's entries before)
// what the memo's word had done to it; returns the new r.
VIGIL_ALWAYS_INLINE shadow_entry update_as_memo(shadow_cell *c, uintptr_t word, stack_id my_stack,
                                                const word_memo &memo) {
  cell_origin *org = origin_for(c, word);
  switch (memo.kind) {
    case word_memo::write_inline:
      if (org->w_stack != my_stack) org->w_stack = my_stack;
      __atomic_store_n(&c->w, memo.nw, __ATOMIC_RELAXED);
      break;
    case word_memo::read_cached:
      memo.t->moves++;
      if (memo.nr & kIndirect) {
        mark_page(c, word, kPageHasLists);
        break;
      }
      [[fallthrough]];
    default:  // read_inline
      if (org->r_stack != my_stack) org->r_stack = my_stack;
      break;
  }
  return memo.nr;
}
}  // namespace

// ---- Fence windows ----
//
// A release fence must start a new epoch: accesses after it are not ordered
// before an acquirer that synchronizes with it (through a later relaxed
// store). So in a loop with a fence (a work-stealing thief: load top,
// seq_cst fence, load bottom) every access is a new epoch's, and each one
// takes its line's lock to replace this owner's entry of the last round by
// one of this round. TSan, which ignores fences, pays nothing there (and
// reports false races on fence-published data). Most such fences are never
// published: the thief's next fence comes first.
//
// Rule. Let `published` be the highest epoch of this owner any clock may
// hold (owner.h). An access A in epoch E to a word that holds an entry of
// this owner of an epoch e with published < e < E, covering A's bytes with
// the same or a stronger kind (access_word_done's rules), is covered by
// that entry as long as no epoch in [e, E) is published; it is noted
// instead of recorded. Proof: let B be another owner's access that races
// with A. B does not happen before the entry's access A0, which precedes
// A. A0 happens before B only if B's owner holds this owner's clock at
// least e, i.e. some epoch >= e was published; releases publish only the
// current epoch and start a new one (so while no release happened since e,
// none did), and a relaxed store publishing the fence first replays the
// notes (below). So B races with A0 too, and whoever checks second reports
// it, exactly as for a same-epoch access. If the fence is published by a
// relaxed store, every note is replayed first: checked and recorded as an
// access of the current epoch, which is after the fence's, so the
// publication does not cover it. A note is replayed only if its word still
// holds the covering entry (same epoch): otherwise the entry was replaced
// by a racing write (reported then) or the memory was reset (freed); this
// owner's later entries carry later epochs. A new release fence forgets the
// notes: they are ordered before it, which is all its publication says,
// and the fence before it can no longer be published. A release (which
// publishes the current epoch) keeps them: the last fence may still be
// published by a relaxed store after it.
namespace {

VIGIL_ALWAYS_INLINE bool window_entry(const owner *o, shadow_entry e, unsigned mask, uint64_t kind) {
  return !(e & kIndirect) && entry_slot(e) == o->slot && entry_clock(e) > o->published &&
         (e & (kAtomicBit | kFreedBit)) == kind && (entry_mask(e) & mask) == mask;
}

// The epoch of this owner's entry of the window that covers the access, or
// 0. Lock-free, as access_word_done: an entry of this owner was put there by
// this owner; one being replaced under the scan is replaced by a racing
// write (see above).
clock_t_ window_cover(const owner *o, const shadow_cell *c, unsigned mask, unsigned flags) {
  if (flags & k_access_free) return 0;
  uint64_t atomic = (flags & k_access_atomic) ? kAtomicBit : 0;
  shadow_entry w = __atomic_load_n(&c->w, __ATOMIC_RELAXED) & ~kGroupBit;
  if (flags & k_access_write) return window_entry(o, w, mask, atomic) ? entry_clock(w) : 0;
  if (window_entry(o, w, mask, 0) || (atomic && window_entry(o, w, mask, kAtomicBit))) return entry_clock(w);
  shadow_entry r = __atomic_load_n(&c->r, __ATOMIC_RELAXED);
  if (!(r & kIndirect)) {
    r &= ~kLockBit;
    return window_entry(o, r, mask, atomic) ? entry_clock(r) : 0;
  }
  if (r & kLockBit) return 0;
  const read_set *s = read_set_of(r);
  uint32_t n = __atomic_load_n(&s->count, __ATOMIC_ACQUIRE);
  const owner::set_hint &h = set_hint_for(o, s);
  if (h.set == s && h.index < n) {
    shadow_entry e = __atomic_load_n(&set_item(s, h.index).e, __ATOMIC_RELAXED);
    if (window_entry(o, e, mask, atomic)) return entry_clock(e);
  }
  if (read_set_padded(s)) {
    for (uint32_t m = padded_candidates(s, n, o->slot); m; m &= m - 1) {
      shadow_entry e = __atomic_load_n(&set_item(s, static_cast<uint32_t>(__builtin_ctz(m))).e, __ATOMIC_RELAXED);
      if (window_entry(o, e, mask, atomic)) return entry_clock(e);
    }
    return 0;
  }
  for (uint32_t i = n > 8 ? n - 8 : 0; i < n; i++) {
    shadow_entry e = __atomic_load_n(&set_item(s, i).e, __ATOMIC_RELAXED);
    if (window_entry(o, e, mask, atomic)) return entry_clock(e);
  }
  return 0;
}

// Notes the access if the window covers it (true); false: record it now.
bool defer_access(owner *o, const shadow_cell *c, uintptr_t word, unsigned mask, unsigned flags, uintptr_t pc) {
  clock_t_ cover = window_cover(o, c, mask, flags);
  if (cover == 0) return false;
  uint32_t n = o->ndeferred;
  for (uint32_t i = 0; i < n; i++) {
    owner::deferred_access &d = o->deferred[i];
    if (d.word == word && d.pc == pc && d.mask == mask && d.flags == flags) {
      d.covered = cover;  // what the word holds now
      return true;
    }
  }
  if (n == owner::kDeferredMax) return false;
  o->deferred[n] = {word, pc, cover, owner_stack(o, pc), static_cast<uint8_t>(mask), static_cast<uint8_t>(flags)};
  o->ndeferred = n + 1;
  return true;
}

// Does the word (line locked, r its cell's r) still hold this owner's entry
// of epoch `clock`?
bool holds_own_entry(const owner *o, const shadow_cell *c, shadow_entry r, clock_t_ clock) {
  auto mine = [o, clock](shadow_entry e) { return entry_slot(e) == o->slot && entry_clock(e) == clock; };
  shadow_entry w = c->w;
  if (w & kIndirect) {
    const entry_list *l = list_of(w);
    for (uint32_t i = 0; i < l->count; i++)
      if (mine(l->e[i])) return true;
  } else if (w && mine(w)) {
    return true;
  }
  if (r & kIndirect) {
    const read_set *s = read_set_of(r);
    for (uint32_t i = 0; i < s->count; i++)
      if (mine(set_item(s, i).e)) return true;
    return false;
  }
  return r && mine(r);
}

// ---- Own reads without the lock ----
//
// A word that a few owners keep re-reading, each in new epochs (a queue's
// head and tail, read by both sides between their releases), holds a small
// private read set with one item per reader; each read replaces its
// reader's item by one of the new epoch. Under the line lock, both readers
// take the line of cells from each other at every read. Here a reader
// replaces its item with one 16-byte compare-and-swap of {entry, stack,
// incarnation} instead, if the word's write does not conflict with the
// read, and nothing else changes the cell meanwhile:
//   s0 = seq (even); w0 = w (checked); item = {mine, same bytes and kind,
//   incarnation of the set}; CAS item -> {this epoch, this stack}; then
//   seq, r and w unchanged (else: the locked path, which finds the item
//   done or redoes it).
// Every locked change that moves or drops a padded set's items, or changes
// its word's write (but write_over_set, which pairs with the reader's look
// at w instead), makes seq odd with a full barrier before it reads the
// items, and even again after (padded_change_begin/end). Dekker: the CAS
// (a full barrier) precedes the reader's second look at seq, the seq
// increment precedes the changer's look at the items; so either the
// changer sees the new item (and checks a write against it, reporting the
// race) or the reader sees seq moved and redoes the read under the lock
// (where it sees the write). Locked appends by other readers touch other
// items and leave seq alone. The set may be retired and its slot reused
// meanwhile (padded sets are never given back to the heap): a new
// incarnation is written into every item's pad before anything else, so
// the CAS fails. (Incarnations are 32 bits: a stale CAS would need 2^32
// reuses of slots during one read.)
bool read_own_lockfree(owner *o, const shadow_cell *c, unsigned mask, unsigned flags, uintptr_t pc) {
  shadow_entry r0 = __atomic_load_n(&c->r, __ATOMIC_ACQUIRE);
  if ((r0 & (kIndirect | kLockBit)) != kIndirect) return false;
  read_set *s = read_set_of(r0);
  if (!read_set_padded(s)) return false;
  uint32_t s0 = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
  if (s0 & 1) return false;
  shadow_entry w0 = __atomic_load_n(&c->w, __ATOMIC_ACQUIRE);
  if (w0 & kIndirect) return false;
  if (w0 && (entry_mask(w0) & mask) && conflicts(o, w0 & ~kGroupBit, flags)) return false;  // reported there
  // The owner's item: where it was last time, else the first the tags name.
  owner::set_hint &h = set_hint_for(o, s);
  if (h.set != s || h.index >= kPaddedMax) {
    uint32_t m = padded_candidates(s, __atomic_load_n(&s->count, __ATOMIC_ACQUIRE), o->slot);
    if (m == 0) return false;
    h = {s, static_cast<uint32_t>(__builtin_ctz(m))};
  }
  list_item *it = &set_item(s, h.index);
  uint32_t inc = __atomic_load_n(&s->incarnation, __ATOMIC_RELAXED);
  uint64_t atomic = (flags & k_access_atomic) ? kAtomicBit : 0;
  // Two plain loads (a torn pair fails the CAS, which compares all 16 bytes).
  shadow_entry e = __atomic_load_n(&it->e, __ATOMIC_RELAXED);
  uint64_t tail = __atomic_load_n(reinterpret_cast<const uint64_t *>(&it->stack), __ATOMIC_RELAXED);
  uint32_t pad = static_cast<uint32_t>(tail >> 32);
  unsigned __int128 old_item = (static_cast<unsigned __int128>(tail) << 64) | e;
  if (pad != inc || entry_slot(e) != o->slot || entry_mask(e) != mask || (e & (kAtomicBit | kFreedBit)) != atomic)
    return false;
  shadow_entry mine = make_entry(o->tag, mask, atomic != 0);
  uint64_t new_tail = (uint64_t{pad} << 32) | owner_stack(o, pc);
  unsigned __int128 new_item = (static_cast<unsigned __int128>(new_tail) << 64) | mine;
  if (!__atomic_compare_exchange_n(reinterpret_cast<unsigned __int128 *>(it), &old_item, new_item, false,
                                   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
    return false;
  o->last_recorded = o->epoch;
  return __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE) == s0 && __atomic_load_n(&c->r, __ATOMIC_RELAXED) == r0 &&
         __atomic_load_n(&c->w, __ATOMIC_RELAXED) == w0;
}

}  // namespace

void replay_deferred(owner *o) {
  uint32_t n = o->ndeferred;
  o->ndeferred = 0;
  for (uint32_t i = 0; i < n; i++) {
    const owner::deferred_access d = o->deferred[i];
    shadow_cell *c = shadow_cell_for(d.word);
    race_found race;
    read_set *drop = nullptr;
    shadow_entry r = cell_lock(c, &o->locked_cell);
    shadow_entry nr = r;
    if (holds_own_entry(o, c, r, d.covered)) {
      o->last_recorded = o->epoch;
      nr = update_locked(o, c, d.word, d.mask, d.flags, d.stack, r, &race, &drop);
    }
    cell_unlock(c, nr, &o->locked_cell);
    if (drop) read_set_adjust(drop, -1, 0);
    if (VIGIL_UNLIKELY(race.raced)) {
      uintptr_t addr = d.word + static_cast<uintptr_t>(__builtin_ctz(d.mask));
      report_found(o, race, d.word, d.mask, d.flags, addr, static_cast<size_t>(__builtin_popcount(d.mask)), d.stack);
    }
  }
}

void access_word_slow(owner *o, uintptr_t word, unsigned mask, unsigned flags, uintptr_t pc,
                      uintptr_t addr, size_t size) {
  if (VIGIL_UNLIKELY(word - o->host_lo < o->host_size)) return;  // a task in its worker's TLS
  shadow_cell *c = shadow_cell_for(word);
  if (VIGIL_UNLIKELY(in_fence_window(o)) && defer_access(o, c, word, mask, flags, pc)) return;
  if (!(flags & (k_access_write | k_access_free)) && read_own_lockfree(o, c, mask, flags, pc)) return;
  stack_id my_stack = owner_stack(o, pc);
  race_found race;
  read_set *drop = nullptr;
  o->last_recorded = o->epoch;
  if (VIGIL_UNLIKELY(word < o->touched_lo) && word >= o->task_stack_lo) o->touched_lo = word;
  shadow_entry r = cell_lock(c, &o->locked_cell);
  shadow_entry nr = update_locked(o, c, word, mask, flags, my_stack, r, &race, &drop);
  cell_unlock(c, nr, &o->locked_cell);
  if (drop) read_set_adjust(drop, -1, 0);

  if (VIGIL_UNLIKELY(race.raced)) report_found(o, race, word, mask, flags, addr, size, my_stack);
}

// A line of cells holds the shadow of 32 application bytes (four words).
constexpr uintptr_t kLineBytes = 32;

void access_range_lines(owner *o, uintptr_t addr, size_t size, unsigned flags, uintptr_t pc) {
  if (VIGIL_UNLIKELY(size == 0 || !is_user_address(addr))) return;
  uintptr_t end = addr + size;
  if (end > (uintptr_t{1} << 47) || end < addr) end = uintptr_t{1} << 47;
  stack_id my_stack = 0;
  bool have_stack = false;
  // Runs of equal cells: the words of a swept array were last accessed
  // together, so neighbouring cells hold the same entries; what the locked
  // update did to one word is done to the next words that hold the same
  // (word_memo) without working it out again. Such a word is also known not
  // to be recorded yet (access_word_done is a function of the same
  // entries); were it recorded after all, the update changes nothing a
  // second update would not.
  word_memo memo;
  for (uintptr_t chunk = addr & ~(kLineBytes - 1); chunk < end; chunk += kLineBytes) {
    // The words of this line in the range that are not recorded yet.
    uintptr_t words[4];
    unsigned masks[4], n = 0;
    shadow_cell *cells = shadow_cell_for(chunk);
    for (unsigned k = 0; k < 4; k++) {
      uintptr_t word = chunk + 8 * k;
      if (word + 8 <= addr || word >= end) continue;
      uintptr_t lo = word < addr ? addr : word, hi = end < word + 8 ? end : word + 8;
      unsigned mask = ((1u << (hi - lo)) - 1) << (lo - word);
      if (VIGIL_UNLIKELY(word - o->host_lo < o->host_size)) continue;  // a task in its worker's TLS
      const shadow_cell *c = cells + k;
      if (!memo.matches(__atomic_load_n(&c->w, __ATOMIC_RELAXED), __atomic_load_n(&c->r, __ATOMIC_RELAXED), mask) ||
          VIGIL_UNLIKELY(in_fence_window(o))) {
        if (access_word_done(o, c, mask, flags)) continue;
        if (VIGIL_UNLIKELY(in_fence_window(o)) && defer_access(o, c, word, mask, flags, pc)) continue;
      }
      words[n] = word;
      masks[n++] = mask;
    }
    if (n == 0) continue;
    if (!have_stack) {
      my_stack = owner_stack(o, pc);
      have_stack = true;
    }
    o->last_recorded = o->epoch;
    if (VIGIL_UNLIKELY(words[0] < o->touched_lo) && words[0] >= o->task_stack_lo) o->touched_lo = words[0];
    race_found races[4];
    read_set *drops[4] = {};
    shadow_cell *head = line_head(cells);
    shadow_entry head_r = line_lock(head, &o->locked_cell);
    for (unsigned i = 0; i < n; i++) {
      shadow_cell *c = cells + (words[i] - chunk) / 8;
      shadow_entry r = locked_r(c, head, head_r);
      shadow_entry nr = memo.matches(c->w, r, masks[i])
                            ? update_as_memo(c, words[i], my_stack, memo)
                            : update_locked(o, c, words[i], masks[i], flags, my_stack, r, &races[i], &drops[i], &memo);
      set_locked_r(c, head, &head_r, nr);
    }
    line_unlock(head, head_r, &o->locked_cell);
    for (unsigned i = 0; i < n; i++) {
      if (drops[i]) read_set_adjust(drops[i], -1, 0);
      if (VIGIL_UNLIKELY(races[i].raced)) report_found(o, races[i], words[i], masks[i], flags, addr, size, my_stack);
    }
  }
}

namespace {
// Was [begin, end) checked with this kind or a stronger one under the
// owner's current epoch and clock, with no shadow reset by it since?
// Then nothing changed the owner's order with anyone, and its records of
// those bytes are still this epoch's: a record replaced since by another
// owner's write was reported against that write (the argument of the
// compiler's "Redundant checks" rule, instrumentation/VigilPass.cpp).
bool range_checked(const owner *o, uintptr_t begin, uintptr_t end, bool write) {
  for (const owner::checked_range &c : o->checked)
    if (c.begin <= begin && end <= c.end && (c.write || !write) && c.epoch == o->epoch &&
        c.changes == o->clock.changes() && c.resets == o->resets)
      return true;
  return false;
}
}  // namespace

void access_loop_range(owner *o, uintptr_t addr, size_t size, size_t elem, unsigned flags, uintptr_t pc) {
  if (size == 0) return;
  uintptr_t end = addr + size;
  bool write = flags & k_access_write;
  if (range_checked(o, addr, end, write)) return;
  o->range_base = addr;
  o->range_elem = elem ? elem : 1;
  access_range_lines(o, addr, size, flags, pc);
  o->range_elem = 0;
  o->checked[o->checked_next++ & 3] = {addr, end, o->clock.changes(), o->resets, o->epoch, write};
}

}  // namespace vigil::detect
