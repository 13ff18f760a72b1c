// read_set.cpp — the intern table of read sets and their reference counts.
#include "read_set.h"

namespace vigil::detect {
namespace {

// Chained hash table that never resizes: sets are few (a handful per group
// of words swept together), so chains stay short. One lock per 64 buckets.
constexpr unsigned kBucketBits = 16;
constexpr unsigned kBuckets = 1u << kBucketBits;
constexpr unsigned kLockShift = 6;
constexpr unsigned kLocks = kBuckets >> kLockShift;

struct alignas(64) padded_lock {
  raw_lock mu;
};
padded_lock g_locks[kLocks];
read_set *g_heads[kBuckets];  // guarded by g_locks[bucket >> kLockShift]
size_t g_live;   // sets alive (atomic counters: changed under different bucket locks)
size_t g_bytes;  // their bytes
size_t g_private_live;  // private sets alive (atomic)

VIGIL_ALWAYS_INLINE uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdull;
}

uint64_t hash_items(const list_item *items, uint32_t n) {
  uint64_t h = n;
  for (uint32_t i = 0; i < n; i++) h = mix(mix(h, items[i].e), items[i].stack);
  return h ^ (h >> 29);
}

VIGIL_ALWAYS_INLINE bool item_less(const list_item &a, const list_item &b) {
  return a.e != b.e ? a.e < b.e : a.stack < b.stack;
}

size_t set_bytes(uint32_t n) { return sizeof(read_set) + (n - 1) * sizeof(list_item); }

constexpr uint8_t kPaddedShift = 6;
constexpr uint8_t kPackedShift = 4;
static_assert(sizeof(list_item) == 1u << kPackedShift, "packed stride");
static_assert(sizeof(read_set) <= 64, "a padded set's header fits its first line");

size_t private_bytes(uint32_t cap) { return cap > kPaddedMax ? set_bytes(cap) : kPaddedSlotBytes; }

// The padded sets' arena: kMaxPrivateSets slots, reserved at the first one,
// committed as used; free slots in a stack of indices (all under g_arena_mu).
raw_lock g_arena_mu;
uint32_t g_arena_used VIGIL_GUARDED_BY(g_arena_mu);  // slots ever handed out
uint32_t *g_arena_free VIGIL_GUARDED_BY(g_arena_mu);  // [kMaxPrivateSets]
uint32_t g_arena_nfree VIGIL_GUARDED_BY(g_arena_mu);
uint32_t g_incarnation;  // atomic; the last one given

read_set *arena_take() {
  raw_lock_guard l(g_arena_mu);
  if (g_padded_arena == 0) {
    g_arena_free = static_cast<uint32_t *>(map_reserve(sizeof(uint32_t) * kMaxPrivateSets, "read set slots"));
    __atomic_store_n(&g_padded_arena,
                     reinterpret_cast<uintptr_t>(map_reserve(kMaxPrivateSets * kPaddedSlotBytes, "read sets")),
                     __ATOMIC_RELEASE);
  }
  uint32_t slot;
  if (g_arena_nfree) slot = g_arena_free[--g_arena_nfree];
  else if (g_arena_used < kMaxPrivateSets) slot = g_arena_used++;
  else return nullptr;
  return reinterpret_cast<read_set *>(g_padded_arena + size_t{slot} * kPaddedSlotBytes);
}

void arena_give(read_set *s) {
  raw_lock_guard l(g_arena_mu);
  g_arena_free[g_arena_nfree++] = static_cast<uint32_t>((reinterpret_cast<uintptr_t>(s) - g_padded_arena) / kPaddedSlotBytes);
}

void free_locked(read_set *s, unsigned bucket) {
  for (read_set **p = &g_heads[bucket]; *p; p = &(*p)->next) {
    if (*p == s) {
      *p = s->next;
      break;
    }
  }
  __atomic_fetch_sub(&g_live, 1, __ATOMIC_RELAXED);
  __atomic_fetch_sub(&g_bytes, set_bytes(s->count), __ATOMIC_RELAXED);
  internal_free(s);
}

}  // namespace

uintptr_t g_padded_arena;

read_set *read_set_intern(list_item *items, uint32_t n, int64_t refs, uint32_t anchors) {
  VIGIL_CHECK(n >= 2);
  // Canonical order: insertion sort (sets are small).
  for (uint32_t i = 1; i < n; i++) {
    list_item x = items[i];
    uint32_t j = i;
    for (; j > 0 && item_less(x, items[j - 1]); j--) items[j] = items[j - 1];
    items[j] = x;
  }
  for (uint32_t i = 0; i < n; i++) items[i].pad = 0;
  uint64_t h = hash_items(items, n);
  unsigned bucket = static_cast<unsigned>(h >> (64 - kBucketBits));
  raw_lock_guard l(g_locks[bucket >> kLockShift].mu);
  for (read_set *s = g_heads[bucket]; s; s = s->next) {
    if (s->hash != h || s->count != n) continue;
    bool same = true;
    for (uint32_t i = 0; i < n && same; i++)
      same = set_item(s, i).e == items[i].e && set_item(s, i).stack == items[i].stack;
    if (!same) continue;
    s->refs += refs;
    s->anchors += anchors;
    return s;
  }
  auto *s = static_cast<read_set *>(internal_alloc(set_bytes(n)));
  s->hash = h;
  s->refs = refs;
  s->anchors = anchors;
  s->count = n;
  s->capacity = n;
  s->is_private = false;
  s->stride_shift = kPackedShift;
  s->items_off = offsetof(read_set, items);
  for (uint32_t i = 0; i < n; i++) s->items[i] = items[i];
  s->next = g_heads[bucket];
  g_heads[bucket] = s;
  __atomic_fetch_add(&g_live, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&g_bytes, set_bytes(n), __ATOMIC_RELAXED);
  return s;
}

bool read_set_private_allowed() { return __atomic_load_n(&g_private_live, __ATOMIC_RELAXED) < kMaxPrivateSets; }

read_set *read_set_private(const list_item *items, uint32_t n, uint32_t room) {
  VIGIL_CHECK(n >= 1);
  __atomic_fetch_add(&g_private_live, 1, __ATOMIC_RELAXED);
  uint32_t cap = n < 4 ? 4 : n + n / 2;
  if (cap < room) cap = room;
  read_set *s = cap <= kPaddedMax ? arena_take() : nullptr;
  if (s) {
    // A reused slot: its items first get the new incarnation (before
    // anything else changes), so that a lock-free update still aimed at
    // the set it was fails from now on.
    uint32_t inc = __atomic_add_fetch(&g_incarnation, 1, __ATOMIC_RELAXED);
    cap = kPaddedMax;
    s->stride_shift = kPaddedShift;
    s->items_off = 64;
    for (uint32_t i = 0; i < cap; i++) __atomic_store_n(&set_item(s, i).pad, inc, __ATOMIC_RELAXED);
    __atomic_store_n(&s->incarnation, inc, __ATOMIC_RELAXED);
  } else {
    s = static_cast<read_set *>(internal_alloc(private_bytes(cap)));
    s->stride_shift = kPackedShift;
    s->items_off = offsetof(read_set, items);
    s->seq = 0;
    s->incarnation = 0;
  }
  s->next = nullptr;
  s->hash = 0;  // also no plain items yet (padded sets)
  s->refs = 1;
  s->anchors = 0;
  s->count = n;
  s->capacity = cap;
  s->is_private = true;
  bool padded = s->stride_shift == kPaddedShift;
  for (uint32_t i = 0; i < n; i++) {
    list_item &it = set_item(s, i);
    it.stack = items[i].stack;
    it.pad = s->incarnation;
    __atomic_store_n(&it.e, items[i].e, __ATOMIC_RELAXED);
    if (padded) padded_set_tag(s, i, items[i].e);
  }
  __atomic_fetch_add(&g_live, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&g_bytes, private_bytes(cap), __ATOMIC_RELAXED);
  return s;
}

constexpr uint32_t kAppendScanAll = 64;

namespace {
// Adds the read to item `it` if it is the same read (merged) or an earlier
// read of the same slot that the read covers (replaced).
VIGIL_ALWAYS_INLINE bool absorb_item(list_item &it, shadow_entry e, stack_id stack) {
  if ((it.e & ~kMaskBits) == (e & ~kMaskBits) && it.stack == stack) {
    __atomic_store_n(&it.e, it.e | (e & kMaskBits), __ATOMIC_RELAXED);
    return true;
  }
  // An earlier read of the same slot within these bytes (and atomic only
  // if this one is) is ordered before this one: replaced by it. (Readers
  // that re-read a word in turn, each in new epochs, keep one item each.
  // The lock-free scans look for their own current epoch only, which an
  // earlier read of this slot is not, nor this one for anyone else.)
  if (entry_slot(it.e) == entry_slot(e) && (entry_mask(it.e) & ~entry_mask(e)) == 0 &&
      (!(e & kAtomicBit) || (it.e & kAtomicBit))) {
    it.stack = stack;
    __atomic_store_n(&it.e, e, __ATOMIC_RELAXED);
    return true;
  }
  return false;
}
}  // namespace

bool read_set_append(read_set *s, shadow_entry e, stack_id stack, uint32_t *hint) {
  uint32_t n = s->count;
  if (*hint < n && absorb_item(set_item(s, *hint), e, stack)) return true;
  // Only an item of the read's slot can absorb it: in a padded set, those
  // the tags name (the other readers' item lines stay theirs).
  bool padded = s->stride_shift == kPaddedShift;
  if (padded) {
    for (uint32_t m = padded_candidates(s, n, entry_slot(e)); m; m &= m - 1) {
      uint32_t i = static_cast<uint32_t>(__builtin_ctz(m));
      if (absorb_item(set_item(s, i), e, stack)) {
        padded_set_tag(s, i, set_item(s, i).e);  // a plain read may replace an atomic one
        *hint = i;
        return true;
      }
    }
  } else {
    // A set of a few readers is looked at whole (a word re-read in turn by
    // the same threads keeps one item per reader and byte range); a long one
    // (many tasks reading once each) at its last items, the likeliest to be
    // this reader's.
    for (uint32_t i = n > kAppendScanAll ? n - 8 : 0; i < n; i++) {
      if (absorb_item(set_item(s, i), e, stack)) {
        *hint = i;
        return true;
      }
    }
  }
  if (n == s->capacity) return false;
  // The item (and its tag) first, then the count: a lock-free scan
  // (read_set_has_epoch) that sees the new count sees the item (and trusts
  // only its own epoch).
  list_item &it = set_item(s, n);
  it.stack = stack;
  it.pad = s->incarnation;
  __atomic_store_n(&it.e, e, __ATOMIC_RELAXED);
  if (padded) padded_set_tag(s, n, e);
  __atomic_store_n(&s->count, n + 1, __ATOMIC_RELEASE);
  *hint = n;
  return true;
}

bool read_set_rewrite(read_set *s, const list_item *items, uint32_t n) {
  VIGIL_CHECK(s->is_private);
  if (n > s->capacity) return false;
  bool padded = s->stride_shift == kPaddedShift;
  for (uint32_t i = 0; i < n; i++) {
    list_item &it = set_item(s, i);
    it.stack = items[i].stack;
    it.pad = s->incarnation;
    __atomic_store_n(&it.e, items[i].e, __ATOMIC_RELAXED);
    if (padded) padded_set_tag(s, i, items[i].e);
  }
  s->count = n;
  return true;
}

shadow_entry read_side_value(shadow_cell *c, uintptr_t word, list_item *items, uint32_t n) {
  if (n == 0) return 0;
  if (n == 1) {
    origin_for(c, word)->r_stack = items[0].stack;
    return items[0].e;
  }
  mark_page(c, word, kPageHasLists);
  return read_set_ref(read_set_intern(items, n, 1, 0));
}

void read_set_adjust(read_set *s, int64_t refs, int anchors) {
  if (refs == 0 && anchors == 0) return;
  if (s->is_private) {
    VIGIL_CHECK(refs == -1 && anchors == 0);
    __atomic_fetch_sub(&g_private_live, 1, __ATOMIC_RELAXED);
    __atomic_fetch_sub(&g_live, 1, __ATOMIC_RELAXED);
    __atomic_fetch_sub(&g_bytes, private_bytes(s->capacity), __ATOMIC_RELAXED);
    if (read_set_padded(s)) arena_give(s);
    else internal_free(s);
    return;
  }
  unsigned bucket = static_cast<unsigned>(s->hash >> (64 - kBucketBits));
  raw_lock_guard l(g_locks[bucket >> kLockShift].mu);
  s->refs += refs;
  s->anchors = static_cast<uint32_t>(static_cast<int64_t>(s->anchors) + anchors);
  VIGIL_CHECK(s->anchors > 0 || s->refs >= 0);
  if (s->refs == 0 && s->anchors == 0) free_locked(s, bucket);
}

void read_transition_settle(read_transition &t) {
  if (!t.from) return;
  read_set *from = (t.from & kIndirect) ? read_set_of(t.from) : nullptr;
  read_set *to = (t.to & kIndirect) ? read_set_of(t.to) : nullptr;
  if (from && from == to) {
    read_set_adjust(from, 0, -2);
  } else {
    // Each set gets its lagging count and loses its anchor in one step, so
    // it cannot look unreferenced in between.
    if (to) read_set_adjust(to, t.moves, -1);
    if (from) read_set_adjust(from, -static_cast<int64_t>(t.moves), -1);
  }
  t = read_transition{};
}

void read_transitions_flush(read_transition *cache) {
  for (unsigned i = 0; i < kReadTransitions; i++) read_transition_settle(cache[i]);
}

size_t read_sets_live() { return __atomic_load_n(&g_live, __ATOMIC_RELAXED); }
size_t read_sets_bytes() { return __atomic_load_n(&g_bytes, __ATOMIC_RELAXED); }

void read_sets_lock_all() {
  for (auto &l : g_locks) l.mu.lock();
  g_arena_mu.lock();
}
void read_sets_unlock_all() {
  g_arena_mu.unlock();
  for (auto &l : g_locks) l.mu.unlock();
}

}  // namespace vigil::detect
