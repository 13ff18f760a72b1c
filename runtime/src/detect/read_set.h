// read_set.h — shared, immutable read sets (SlimFast's hash-consing).
//
// A word read concurrently by several owners keeps every such read (vigil
// never evicts), but most words of a read-mostly array hold the *same* set of
// reads: the readers sweep the array in the same epochs. So a cell whose
// reads do not fit its one inline entry points to an interned read_set: one
// immutable object per distinct set of (entry, stack) items, shared by every
// cell that holds it. A shared array then costs its 24 bytes of shadow per
// word plus a few sets, not a list per word.
//
// Ownership. A set lives while it is referenced: by cells (one reference per
// cell whose r points to it) and by owners' transition caches (an anchor per
// cache entry that names it). Counts change only under the set's bucket lock
// and are allowed to lag: an owner moving cells from S to S' through its
// cache counts the moves locally and adds them to S' and subtracts them from
// S when the cache entry is evicted or flushed. While the entry exists it
// anchors both sets, so neither can be freed (nor its address reused) while a
// lagging count could make it look unreferenced. A set is freed when it has
// no anchor and no reference; until the lagging counts arrive, refs may be
// negative, never while unanchored (every move into S' is counted by the
// anchoring owner before its anchor goes).
//
// Losing an owner's cache (fork: other threads vanish in the child) leaves
// its anchors forever: the sets leak, which is safe.
//
// Private sets. A word that the same readers re-read in ever new epochs (a
// queue's buffer pointer, read by every thread between its releases) would
// intern a new set at every read, since no transition ever repeats. Such a
// word gets a private set instead: owned by that one cell, not in the
// table, never named by a transition cache, rewritten in place under the
// cell lock (it may hold one read, or none, then). It goes when the word is
// reset (freed, unmapped).
#pragma once

#include "shadow.h"

#include <emmintrin.h>

namespace vigil::detect {

struct owner;

struct read_set {
  read_set *next;   // bucket chain (bucket lock)
  union {
    uint64_t hash;  // interned sets
    // Padded sets: bit i set while item i is a plain (not atomic) read
    // (cell lock; a reader's lock-free replacement of its item keeps its
    // kind). An atomic write races with none of the others, so it checks
    // these items only (write_over_set) and leaves the other readers' item
    // lines alone.
    uint32_t plain_items;
  };
  int64_t refs;     // cells referencing this set, possibly lagging (bucket lock)
  uint32_t anchors; // transition-cache entries naming this set (bucket lock)
  uint32_t count;   // items, >= 2 (private sets: any)
  uint32_t capacity;  // private sets: room for this many items; interned: == count
  bool is_private;    // see above; then refs == 1 and anchors == 0 always
  // Items are 1 << stride_shift bytes apart from items_off on: packed (16)
  // in interned and large private sets; a small private set (a hot word's
  // few readers, each re-reading it in new epochs) gives each item its own
  // cache line, so that a reader finding and updating its item (owner's
  // set_hints) does not take the line of the others' items away from them.
  uint8_t stride_shift;
  uint16_t items_off;
  // Padded sets (read_set_padded) only, for the lock-free update of a
  // reader's own item (access.cpp, "Own reads without the lock"): seq is odd
  // while a locked change may move or drop items, or change the word's
  // write; incarnation is in every item's pad and changes when the slot is
  // reused for another set.
  uint32_t seq;
  uint32_t incarnation;
  list_item items[1];  // packed sets' items: [count], sorted by (e, stack) if interned; never kIndirect/kLockBit
};

VIGIL_ALWAYS_INLINE list_item &set_item(const read_set *s, uint32_t i) {
  return *reinterpret_cast<list_item *>(reinterpret_cast<uintptr_t>(s) + s->items_off +
                                        (static_cast<uintptr_t>(i) << s->stride_shift));
}

// Small private sets (up to kPaddedMax items) are "padded": each item has a
// cache line, and they live in one arena of fixed-size slots that are never
// given back to the heap, only reused for other padded sets. A pointer to
// one stays a pointer to a padded set's header, whatever happened to it.
constexpr uint32_t kPaddedMax = 16;
static_assert(kPaddedMax <= 16, "one tag byte per item in the header's 16 spare bytes, one plain bit per item");
extern uintptr_t g_padded_arena;  // base, 0 until the first padded set
constexpr size_t kPaddedSlotBytes = 64 + kPaddedMax * 64;
VIGIL_ALWAYS_INLINE bool read_set_padded(const read_set *s) {
  uintptr_t base = __atomic_load_n(&g_padded_arena, __ATOMIC_RELAXED);
  return base != 0 && reinterpret_cast<uintptr_t>(s) - base < size_t{4096} * kPaddedSlotBytes;
}

// A padded set's tags: the low byte of each item's slot, in the header's
// line (the room of a packed set's first item, which a padded set does not
// use: its items start on the next line). A reader finds its own item from
// the line it reads anyway (count, seq), without touching the other
// readers' item lines: the owner's set_hints are few, and a thread that
// walks more hot words than that (a queue's chain of blocks) would scan the
// items of every set each time, taking each line away from its reader.
// Written under the cell lock whenever an item gets a slot it did not have
// (an append, a rewrite, a new set), before the count that shows it; a
// reader's replacement of its own item keeps its slot. Read lock-free: a
// tag only names candidates, each confirmed by its item's entry.
VIGIL_ALWAYS_INLINE void padded_set_tag(read_set *s, uint32_t i, shadow_entry e) {
  __atomic_store_n(reinterpret_cast<uint8_t *>(s->items) + i, static_cast<uint8_t>(e >> 32), __ATOMIC_RELAXED);
  if (e & kAtomicBit) s->plain_items &= ~(1u << i);
  else s->plain_items |= 1u << i;
}
// Bit i for each of the first n items whose tag is that of `slot`.
VIGIL_ALWAYS_INLINE uint32_t padded_candidates(const read_set *s, uint32_t n, uint32_t slot) {
  const auto *t = reinterpret_cast<const uint64_t *>(s->items);
  __m128i tags = _mm_set_epi64x(static_cast<long long>(__atomic_load_n(t + 1, __ATOMIC_RELAXED)),
                                static_cast<long long>(__atomic_load_n(t, __ATOMIC_RELAXED)));
  uint32_t m = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(tags, _mm_set1_epi8(static_cast<char>(slot)))));
  return m & ((1u << n) - 1);  // n <= kPaddedMax = 16
}

VIGIL_ALWAYS_INLINE read_set *read_set_of(shadow_entry r) {
  return reinterpret_cast<read_set *>(static_cast<uintptr_t>(r & ((uint64_t{1} << 48) - 1)));
}
VIGIL_ALWAYS_INLINE shadow_entry read_set_ref(const read_set *s) {
  return kIndirect | reinterpret_cast<uintptr_t>(s);
}

// The interned set of items[0..n) (n >= 2; sorted here, merged duplicates are
// the caller's business), with `refs` references and `anchors` anchors added.
read_set *read_set_intern(list_item *items, uint32_t n, int64_t refs, uint32_t anchors);
// The r value (without the sync bit) for the reads items[0..n) of the word at
// `word`, cell c locked: 0, one inline entry (its stack becomes the word's
// read origin), or an interned set holding one reference for the cell (items
// are sorted in place).
shadow_entry read_side_value(shadow_cell *c, uintptr_t word, list_item *items, uint32_t n);

// Around a locked change of a padded set's items or of its word's write:
// seq odd, with a full barrier before the items are read (the other side of
// the lock-free update's check, access.cpp), then even again.
VIGIL_ALWAYS_INLINE void padded_change_begin(read_set *s) { __atomic_fetch_add(&s->seq, 1, __ATOMIC_SEQ_CST); }
VIGIL_ALWAYS_INLINE void padded_change_end(read_set *s) { __atomic_fetch_add(&s->seq, 1, __ATOMIC_RELEASE); }
// The padded set the cell's r points to, if any (r without the lock bit).
VIGIL_ALWAYS_INLINE read_set *padded_of(shadow_entry r) {
  if (!(r & kIndirect)) return nullptr;
  read_set *s = read_set_of(r);
  return read_set_padded(s) ? s : nullptr;
}

// Adds `refs` references and `anchors` anchors (either may be negative); frees
// the set when both reach zero. A private set is freed by its reference's drop.
void read_set_adjust(read_set *s, int64_t refs, int anchors);

// Private sets are for a program's few hot words: at most kMaxPrivateSets
// live at once (a read-mostly array whose words all looked hot would
// otherwise lose its sharing); past that, words keep interned sets.
constexpr size_t kMaxPrivateSets = 4096;  // also the arena's slots (read_set_padded)
bool read_set_private_allowed();
// A private set holding items[0..n) (n >= 1), the cell's one reference,
// with room for at least `room` items.
read_set *read_set_private(const list_item *items, uint32_t n, uint32_t room = 0);
// Rewrites private set s to hold items[0..n) (n >= 0) if it has room (true), else
// leaves it unchanged (false).
bool read_set_rewrite(read_set *s, const list_item *items, uint32_t n);
// Adds a read to private set s (cell locked) without a copy: merged into an
// item of the same epoch, flags and stack, or replacing an earlier read of
// the same slot that it covers (looked for among all items of a short set,
// the last few of a long one), else appended if there is room (false: no
// room). Items that the
// read supersedes stay until the set is next rewritten: each of them is
// ordered before the read, so whatever races with it races with the read
// too, and a report names a real earlier read. A word that many tasks read
// concurrently (a captured pointer) so costs O(1) per read, not a copy of
// the set; the set is compacted when it fills (and grows if it stays full).
// *hint: where this reader's item probably is (looked at first); set to
// where the read went.
bool read_set_append(read_set *s, shadow_entry e, stack_id stack, uint32_t *hint);

// The owner's transition cache: "a read by entry `mine` with `stack` turns
// the cell's reads `from` into `to`". Each side is a read-set reference
// (kIndirect) or one inline entry (then with its stack). A hit replaces the
// read path's work by a few compares; counts lag as described above.
struct read_transition {
  shadow_entry from;  // 0: the slot is empty; a set named here is anchored
  shadow_entry to;    // never 0; a set named here is anchored (may equal from)
  shadow_entry mine;  // the read's entry (epoch tag, mask, atomic bit)
  stack_id from_stack;  // stack of an inline `from`, else 0
  stack_id stack;       // the read's stack (also the stack of an inline `to`)
  uint32_t moves;       // cells moved from `from` to `to` since the entry was made
  uint32_t pad;
};
static_assert(sizeof(read_transition) == 40, "transition layout");
// Words swept together by several readers cycle through as many transitions
// as the product of the readers' unrolled load sites (each has its own
// stack): 8 x 8 for two vectorized loops, hence 128 entries (5 KiB, allocated
// only for owners that share reads).
constexpr unsigned kReadTransitions = 128;
static_assert((kReadTransitions & (kReadTransitions - 1)) == 0, "power of two");

// Adds the entry's lagging counts, drops its anchors and empties it.
void read_transition_settle(read_transition &t);
// Settles every entry of an owner's cache (owner finish, tests).
void read_transitions_flush(read_transition *cache);

// Sets alive now (tests, memory accounting).
size_t read_sets_live();
size_t read_sets_bytes();

void read_sets_lock_all() VIGIL_NO_TSA;  // fork
void read_sets_unlock_all() VIGIL_NO_TSA;

}  // namespace vigil::detect
