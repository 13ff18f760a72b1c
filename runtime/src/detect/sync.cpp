// sync.cpp — the pool of sync_vars, their chains, and the clock operations on them.
#include "sync.h"

#include "owner.h"
#include "shadow.h"

#include <new>

namespace vigil::detect {

sync_var *g_sync_pool;  // set once, under g_pool_mu, before any index exists

namespace {

// 2^26 vars (64 bytes each): 4 GiB of address space, committed as used.
constexpr uint32_t kPoolCapacity = 1u << 26;

raw_lock g_pool_mu;
uint32_t g_pool_top VIGIL_GUARDED_BY(g_pool_mu) = 1;  // next never-used index
// Free vars, in batches: each batch a chain through `next`; its first var's
// `size` links the next batch and its `creation_stack` holds the batch's
// length (fields of a free var that no lock-free finder looks at: it skips a
// var whose addr is 0). A thread takes or gives a whole batch in O(1): a
// linked list of single vars would be walked, a cache miss per var, under
// the pool lock.
uint32_t g_free_batches VIGIL_GUARDED_BY(g_pool_mu);
int64_t g_live;  // atomic; plus every thread's live_delta

// Each thread keeps a few free indices (a chain through `next`): threads
// that create and destroy atomics at high rates (a pool's tasks, each with
// its own counters) take the pool lock once per batch, not per var. Touched
// only by the owning thread; given back at its exit.
constexpr uint32_t kPoolBatch = 32;
struct pool_cache {
  uint32_t head;
  uint32_t count;
  int64_t live_delta;  // vars this thread created minus destroyed, not yet in g_live
};
__thread pool_cache t_pool __attribute__((tls_model("initial-exec")));

VIGIL_NOINLINE void pool_refill(pool_cache &c) VIGIL_EXCLUDES(g_pool_mu) {
  raw_lock_guard l(g_pool_mu);
  if (VIGIL_UNLIKELY(g_sync_pool == nullptr))
    g_sync_pool = static_cast<sync_var *>(map_reserve(size_t{kPoolCapacity} * sizeof(sync_var), "synchronization objects"));
  if (uint32_t b = g_free_batches) {
    sync_var &first = g_sync_pool[b];
    g_free_batches = first.size;
    c.head = b;
    c.count = first.creation_stack;
    first.size = 0;
    first.creation_stack = 0;
  } else {
    if (g_pool_top + kPoolBatch > kPoolCapacity) {
      raw_write_str(2, "vigil: out of synchronization objects (2^26 atomics, mutexes and other sync objects alive)\n");
      VIGIL_CHECK(g_pool_top + kPoolBatch <= kPoolCapacity);
    }
    for (uint32_t k = 0; k < kPoolBatch; k++) {
      uint32_t i = g_pool_top++;
      new (&g_sync_pool[i]) sync_var();  // pool memory is zero: this only documents it
      g_sync_pool[i].next = c.head;
      c.head = i;
    }
    c.count = kPoolBatch;
  }
  __atomic_fetch_add(&g_live, c.live_delta, __ATOMIC_RELAXED);
  c.live_delta = 0;
}

// Gives the first n (>= 1) indices of the thread's cache back, as one batch.
VIGIL_NOINLINE void pool_spill(pool_cache &c, uint32_t n) VIGIL_EXCLUDES(g_pool_mu) {
  uint32_t first = c.head, last = first;
  for (uint32_t k = 1; k < n; k++) last = g_sync_pool[last].next;
  c.head = g_sync_pool[last].next;
  c.count -= n;
  g_sync_pool[last].next = 0;
  g_sync_pool[first].creation_stack = n;
  raw_lock_guard l(g_pool_mu);
  g_sync_pool[first].size = g_free_batches;
  g_free_batches = first;
  __atomic_fetch_add(&g_live, c.live_delta, __ATOMIC_RELAXED);
  c.live_delta = 0;
}

// Keys outside user memory: a few buckets, each a chain head under its lock.
constexpr unsigned kKeyBuckets = 256;
struct alignas(64) key_bucket {
  spin_lock mu;
  uint32_t head;  // written under mu, read atomically
};
key_bucket g_key_buckets[kKeyBuckets];

key_bucket &key_bucket_for(uintptr_t key) {
  return g_key_buckets[(key * 0x9E3779B97F4A7C15ull) >> 56];
}

uint32_t load_index(const uint32_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

// The index's `next` is the caller's to set (a finder may still read the
// old one: see the invariants in sync.h).
uint32_t pool_alloc() VIGIL_EXCLUDES(g_pool_mu) {
  pool_cache &c = t_pool;
  if (VIGIL_UNLIKELY(c.count == 0)) pool_refill(c);
  uint32_t i = c.head;
  c.head = g_sync_pool[i].next;
  c.count--;
  c.live_delta++;
  return i;
}

void pool_free(uint32_t i) VIGIL_EXCLUDES(g_pool_mu) {
  pool_cache &c = t_pool;
  g_sync_pool[i].next = c.head;
  c.head = i;
  c.count++;
  c.live_delta--;
  if (VIGIL_UNLIKELY(c.count > 2 * kPoolBatch)) pool_spill(c, kPoolBatch);
}

// The chain that `addr` belongs to: its head, and its lock. For user memory
// the lock is the word's cell lock.
struct chain {
  uint32_t *head;
  shadow_cell *cell;   // user memory
  key_bucket *bucket;  // other keys
  shadow_entry cell_r = 0;

  explicit chain(uintptr_t addr) {
    if (is_user_address(addr)) {
      cell = shadow_cell_for(addr & ~uintptr_t{7});
      head = meta_for(cell, addr);
      bucket = nullptr;
    } else {
      cell = nullptr;
      bucket = &key_bucket_for(addr);
      head = &bucket->head;
    }
  }
  void lock() VIGIL_NO_TSA {
    if (cell) cell_r = cell_lock(cell, cur_cell_holder());
    else bucket->mu.lock();
  }
  void unlock() VIGIL_NO_TSA {
    if (cell) cell_unlock(cell, cell_r, cur_cell_holder());
    else bucket->mu.unlock();
  }
};

}  // namespace

void (*g_sync_retire_hook)(uintptr_t addr) = nullptr;

namespace {

// A destroyed var (already unlinked): waits for whoever found it before,
// forgets its key and clocks, and returns it to the pool.

void retire(uint32_t i) VIGIL_NO_TSA {
  sync_var *s = &g_sync_pool[i];
  if (auto hook = __atomic_load_n(&g_sync_retire_hook, __ATOMIC_ACQUIRE))
    hook(__atomic_load_n(&s->addr, __ATOMIC_RELAXED));
  s->mu.lock();
  __atomic_store_n(&s->addr, uintptr_t{0}, __ATOMIC_RELAXED);
  sync_changed(s);
  s->clock.clear();
  if (s->mx) {
    s->mx->read_clock.reset();
    internal_free(s->mx);
    s->mx = nullptr;
  }
  s->size = 0;
  s->creation_stack = 0;
  s->mu.unlock();
  pool_free(i);
}

// Unlinks from the chain (locked) every var whose key is in [lo, hi);
// stores their indices in out (at most 8 per word; keys are unique).
unsigned unlink_keys(chain &ch, uintptr_t lo, uintptr_t hi, uint32_t out[8]) {
  unsigned n = 0;
  uint32_t *link = ch.head;
  for (uint32_t i = *link; i;) {
    sync_var *s = &g_sync_pool[i];
    uint32_t next = s->next;
    if (s->addr >= lo && s->addr < hi) {
      __atomic_store_n(link, next, __ATOMIC_RELEASE);
      if (n < 8) out[n++] = i;
    } else {
      link = &s->next;
    }
    i = next;
  }
  return n;
}

}  // namespace


sync_var *sync_find(uintptr_t addr, bool create, stack_id creation_stack, uint32_t size) {
  chain ch(addr);
  for (;;) {
    // Lock-free walk; a match is confirmed under the var's lock (it may have
    // been destroyed, even reused for another key, since we read its index).
    bool retry = false;
    unsigned steps = 0;
    for (uint32_t i = load_index(ch.head); i && steps < 16; i = load_index(&g_sync_pool[i].next), steps++) {
      sync_var *s = &g_sync_pool[i];
      if (__atomic_load_n(&s->addr, __ATOMIC_RELAXED) != addr) continue;
      s->mu.lock();
      if (s->addr == addr) {
        if (size > s->size) s->size = size;
        return s;
      }
      s->mu.unlock();
      retry = true;
      break;
    }
    if (retry) continue;
    if (!create) return nullptr;
    // Create under the chain lock, unless it appeared meanwhile.
    ch.lock();
    bool present = false;
    for (uint32_t i = *ch.head; i; i = g_sync_pool[i].next)
      if (g_sync_pool[i].addr == addr) present = true;
    if (present) {
      ch.unlock();
      continue;
    }
    uint32_t i = pool_alloc();
    sync_var *s = &g_sync_pool[i];
    s->addr = addr;
    s->size = size;
    s->creation_stack = creation_stack;
    s->next = *ch.head;
    s->mu.lock();  // fresh and unpublished: cannot block
    sync_changed(s);
    __atomic_store_n(ch.head, i, __ATOMIC_RELEASE);
    if (ch.cell) mark_page(ch.cell, addr, kPageHasSync);
    ch.unlock();
    return s;
  }
}

unsigned sync_overlapping_slow(uint32_t head, uintptr_t addr, size_t size, uint32_t out[8]) {
  unsigned n = 0;
  unsigned steps = 0;
  for (uint32_t i = head; i && steps < 16; i = load_index(&g_sync_pool[i].next), steps++) {
    const sync_var *s = &g_sync_pool[i];
    uintptr_t a = __atomic_load_n(&s->addr, __ATOMIC_RELAXED);
    uint32_t sz = __atomic_load_n(&s->size, __ATOMIC_RELAXED);
    if (a == 0 || a >= addr + size || a + sz <= addr) continue;
    // Insertion sort by index: the order in which to lock them.
    unsigned k = n++;
    for (; k > 0 && out[k - 1] > i; k--) out[k] = out[k - 1];
    out[k] = i;
    if (n == 8) break;
  }
  return n;
}

bool sync_covers(const sync_var *s, uintptr_t addr, size_t size) {
  return s->addr != 0 && s->addr < addr + size && s->addr + s->size > addr;
}

void sync_destroy(uintptr_t addr) {
  chain ch(addr);
  if (load_index(ch.head) == 0) return;
  uint32_t victims[8];
  ch.lock();
  unsigned n = unlink_keys(ch, addr, addr + 1, victims);
  ch.unlock();
  for (unsigned k = 0; k < n; k++) retire(victims[k]);
}

void sync_destroy_range(uintptr_t addr, size_t size) {
  if (size == 0 || !is_user_address(addr)) return;
  constexpr uintptr_t kPageSpan = kWordsPerPage * 8;
  uintptr_t end = addr + size;
  if (end > (uintptr_t{1} << 47)) end = uintptr_t{1} << 47;
  for (uintptr_t word = addr & ~uintptr_t{7}; word < end;) {
    uintptr_t region = word >> kRegionShift;
    if (g_shadow_dir[region] == nullptr) {
      word = (region + 1) << kRegionShift;
      continue;
    }
    shadow_cell *c = shadow_cell_for(word);
    uintptr_t page_end = (word | (kPageSpan - 1)) + 1;
    uintptr_t stop = end < page_end ? end : page_end;
    // Pages that never held a sync object are skipped without reading them.
    uint8_t *flags = page_flags_for(c, word);
    if (!(__atomic_load_n(flags, __ATOMIC_RELAXED) & kPageHasSync)) {
      word = stop;
      continue;
    }
    uint32_t *meta = meta_for(c, word);
    bool whole_page = word == (word & ~(kPageSpan - 1)) && stop == page_end;
    bool kept = false;
    for (; word < stop; word += 8, c++, meta++) {
      if (load_index(meta) == 0) continue;
      chain ch(word);
      uint32_t victims[8];
      ch.lock();
      unsigned n = unlink_keys(ch, addr, end, victims);
      kept |= *ch.head != 0;
      ch.unlock();
      for (unsigned k = 0; k < n; k++) retire(victims[k]);
    }
    // A page whose sync objects are all gone is skipped from now on. (A var
    // created concurrently sets the flag again after this; racing a free
    // with the creation of a sync object in the freed memory is the user's
    // race and is reported as such.)
    if (whole_page && !kept) __atomic_fetch_and(flags, static_cast<uint8_t>(~kPageHasSync), __ATOMIC_RELAXED);
  }
}

void sync_lock_all() {
  g_pool_mu.lock();
  for (key_bucket &b : g_key_buckets) b.mu.lock();
}
void sync_unlock_all() {
  for (key_bucket &b : g_key_buckets) b.mu.unlock();
  g_pool_mu.unlock();
}

void sync_after_fork_child() VIGIL_NO_TSA {
  // Only the forking thread survives, and it held no var's lock across the
  // fork: every held lock belonged to a thread that is gone.
  raw_lock_guard l(g_pool_mu);
  for (uint32_t i = 1; i < g_pool_top; i++) new (&g_sync_pool[i].mu) spin_lock();
}

size_t sync_live_count() {
  return static_cast<size_t>(__atomic_load_n(&g_live, __ATOMIC_RELAXED) + t_pool.live_delta);
}

size_t sync_pool_high_water() {
  raw_lock_guard l(g_pool_mu);
  return g_pool_top - 1;
}

void sync_thread_exit() {
  pool_cache &c = t_pool;
  while (c.count) pool_spill(c, c.count < kPoolBatch ? c.count : kPoolBatch);
  __atomic_fetch_add(&g_live, c.live_delta, __ATOMIC_RELAXED);
  c.live_delta = 0;
}

// ---- sync_clock ----

namespace {

bool owner_covers(const owner *o, uint64_t snapshot_id) {
  for (uint64_t id : o->covered)
    if (id == snapshot_id) return true;
  return false;
}

void owner_note_covered(owner *o, uint64_t snapshot_id) { o->covered[o->covered_next++ & 3] = snapshot_id; }

// Room for n entries (the new ones zero).
flat_clock *flat_reserve(flat_clock *f, uint32_t n) {
  if (f && f->cap >= n) {
    if (n > f->n) {
      mem_zero(f->e + f->n, (n - f->n) * sizeof(clock_t_));
      f->n = n;
    }
    return f;
  }
  uint32_t cap = n < 4 ? 4 : n + n / 4;  // 4 entries fill the smallest block
  auto *g = static_cast<flat_clock *>(internal_alloc(sizeof(flat_clock) + cap * sizeof(clock_t_)));
  g->cap = cap;
  g->n = n;
  g->covers = f ? f->covers : 0;
  uint32_t have = f ? f->n : 0;
  if (have) mem_copy(g->e, f->e, have * sizeof(clock_t_));
  mem_zero(g->e + have, (n - have) * sizeof(clock_t_));
  internal_free(f);
  return g;
}

}  // namespace

clock_snapshot *owner_snapshot(owner *o) {
  if (o->snap && o->snap_changes == o->clock.changes()) return o->snap;
  if (o->snap) snapshot_unref(o->snap);
  o->snap = snapshot_new(o->clock);
  o->snap_changes = o->clock.changes();
  owner_note_covered(o, o->snap->id);
  return o->snap;
}

void sync_clock::full_join(const clock_t_ *entries, uint32_t n) {
  if (n > full_->n) full_ = flat_reserve(full_, n);
  clock_t_ *e = full_->e;
  for (uint32_t i = 0; i < n; i++) e[i] = e[i] < entries[i] ? entries[i] : e[i];
}

void sync_clock::full_join(const vclock &c) {
  uint32_t n = c.hi();
  if (n > full_->n) full_ = flat_reserve(full_, n);
  c.max_into(full_->e, n);
}

void sync_clock::full_join(const clock_snapshot *s, uint32_t slot, clock_t_ epoch) {
  if (s->n == clock_snapshot::kBig) full_join(s->big);
  else full_join(s->flat, s->n);
  full_->covers = s->id;
  if (slot >= full_->n) full_ = flat_reserve(full_, slot + 1);
  if (full_->e[slot] < epoch) full_->e[slot] = epoch;
}

void sync_clock::acquire_into(owner *o) const {
  if (full_) {
    o->clock.join(full_->e, full_->n);
    return;
  }
  if (!snap_) return;
  if (!owner_covers(o, snap_->id)) {
    snap_->join_into(o->clock);
    owner_note_covered(o, snap_->id);
  }
  o->clock.raise(slot_, epoch_);
}

void sync_clock::collect_into(owner *o, vclock &dst) const {
  if (full_) {
    dst.join(full_->e, full_->n);
    return;
  }
  if (!snap_ || (owner_covers(o, snap_->id) && o->clock.get(slot_) >= epoch_)) return;
  snap_->join_into(dst);
  dst.raise(slot_, epoch_);
}

bool sync_clock::read_unlocked(const owner *o, clock_copy &c) const {
  // Every pointer read here was stored by a writer and points into vigil's
  // heap; every read is bounded by internal_block_readable and kMax.
  if (const flat_clock *f = __atomic_load_n(&full_, __ATOMIC_RELAXED)) {
    if (!internal_block_readable(f, sizeof(flat_clock))) return false;
    uint32_t n = __atomic_load_n(&f->n, __ATOMIC_RELAXED);
    if (n > clock_copy::kMax || !internal_block_readable(f, sizeof(flat_clock) + n * sizeof(clock_t_))) return false;
    for (uint32_t i = 0; i < n; i++) c.e[i] = __atomic_load_n(&f->e[i], __ATOMIC_RELAXED);
    c.n = n;
    c.snap = false;
    return true;
  }
  const clock_snapshot *s = __atomic_load_n(&snap_, __ATOMIC_RELAXED);
  c.n = 0;
  c.snap = s != nullptr;
  if (!s) return true;
  if (!internal_block_readable(s, sizeof(clock_snapshot))) return false;
  c.snap_id = __atomic_load_n(&s->id, __ATOMIC_RELAXED);
  c.slot = __atomic_load_n(&slot_, __ATOMIC_RELAXED);
  c.epoch = __atomic_load_n(&epoch_, __ATOMIC_RELAXED);
  c.covered = owner_covers(o, c.snap_id);
  if (c.covered) return true;
  uint32_t n = __atomic_load_n(&s->n, __ATOMIC_RELAXED);  // kBig is above kMax
  if (n > clock_copy::kMax || !internal_block_readable(s, sizeof(clock_snapshot) + n * sizeof(clock_t_))) return false;
  for (uint32_t i = 0; i < n; i++) c.e[i] = __atomic_load_n(&s->flat[i], __ATOMIC_RELAXED);
  c.n = n;
  return true;
}

void acquire_copy(owner *o, const clock_copy &c) {
  if (!c.snap) {
    if (c.n) o->clock.join(c.e, c.n);
    return;
  }
  if (!c.covered && !owner_covers(o, c.snap_id)) {
    o->clock.join(c.e, c.n);
    owner_note_covered(o, c.snap_id);
  }
  o->clock.raise(c.slot, c.epoch);
}

void collect_copy(owner *o, const clock_copy &c, vclock &dst) {
  if (!c.snap) {
    if (c.n) dst.join(c.e, c.n);
    return;
  }
  if (o->clock.get(c.slot) >= c.epoch && (c.covered || owner_covers(o, c.snap_id))) return;
  // A covered snapshot's entries are in o's clock already.
  if (!c.covered) dst.join(c.e, c.n);
  dst.raise(c.slot, c.epoch);
}

// Is the owner's current snapshot still its clock (but for its own entry)?
bool owner_snapshot_fresh(const owner *o) { return o->snap && o->snap_changes == o->clock.changes(); }

void sync_clock::store(owner *o) {
  // A var that carried a clock before, released again by an owner whose
  // clock moved since its last snapshot (a contended counter, a mutex
  // handed between threads): a new snapshot per release would be an
  // allocation and a copy each time; the var's own full clock is rewritten
  // in place instead. Fresh vars (a published array) share the snapshot.
  if (!owner_snapshot_fresh(o) && !surely_empty()) {
    // Overwritten whole: the shared part is dropped, not merged in. Entries
    // at n and above need no zeroing (flat_reserve zeroes what it grows into).
    if (snap_) snapshot_unref(snap_);
    snap_ = nullptr;
    uint32_t n = o->clock.hi();
    full_ = flat_reserve(full_, n);
    full_->n = n;
    o->clock.copy_to(full_->e, n);
    full_->covers = owner_base_fresh(o) ? o->base.snap_id : 0;
    return;
  }
  clock_snapshot *s = owner_snapshot(o);
  if (s != snap_) {  // the same snapshot again (a flag stored in a loop) is referenced already
    snapshot_ref(s);
    clear();
    snap_ = s;
  }
  slot_ = o->slot;
  epoch_ = o->epoch;
}

void sync_clock::release(owner *o) {
  // When o's clock covers this one (o acquired it: a mutex's lock, then its
  // unlock), the union is o's clock: shared again.
  if (surely_empty() || (snap_ && owner_covers(o, snap_->id) && o->clock.get(slot_) >= epoch_)) {
    store(o);
    return;
  }
  make_full();
  if (owner_base_fresh(o)) {
    if (full_->covers == o->base.snap_id) {
      // The rest of o's clock is the snapshot, which this one covers.
      uint32_t hi = o->slot > o->base.creator_slot ? o->slot : o->base.creator_slot;
      if (hi >= full_->n) full_ = flat_reserve(full_, hi + 1);
      clock_t_ *e = full_->e;
      if (e[o->base.creator_slot] < o->base.creator_epoch) e[o->base.creator_slot] = o->base.creator_epoch;
      if (e[o->slot] < o->epoch) e[o->slot] = o->epoch;
      return;
    }
    full_join(o->clock);
    full_->covers = o->base.snap_id;
    return;
  }
  full_join(o->clock);
}

void sync_clock::make_full() {
  if (full_) return;
  full_ = flat_reserve(nullptr, 0);
  if (snap_) {
    full_join(snap_, slot_, epoch_);
    snapshot_unref(snap_);
    snap_ = nullptr;
  }
}

void sync_clock::store_fenced(const owner *o) {
  if (o->fence_snap != snap_) {
    snapshot_ref(o->fence_snap);
    clear();
    snap_ = o->fence_snap;
  }
  slot_ = o->slot;
  epoch_ = o->fence_epoch;
}

void sync_clock::join_fenced(const owner *o) {
  if (surely_empty()) {
    store_fenced(o);
  } else if (snap_ == o->fence_snap && slot_ == o->slot) {
    if (epoch_ < o->fence_epoch) epoch_ = o->fence_epoch;
  } else {
    make_full();
    full_join(o->fence_snap, o->slot, o->fence_epoch);
  }
}

void sync_clock::assign(const sync_clock &other) {
  if (&other == this) return;
  if (other.full_) {
    if (snap_) snapshot_unref(snap_);
    snap_ = nullptr;
    uint32_t n = other.full_->n;
    full_ = flat_reserve(full_, n);
    full_->n = n;
    mem_copy(full_->e, other.full_->e, n * sizeof(clock_t_));
    full_->covers = other.full_->covers;
    return;
  }
  if (other.snap_) snapshot_ref(other.snap_);
  clear();
  snap_ = other.snap_;
  slot_ = other.slot_;
  epoch_ = other.epoch_;
}

void sync_clock::clear() {
  if (snap_) snapshot_unref(snap_);
  snap_ = nullptr;
  internal_free(full_);
  full_ = nullptr;
}

size_t sync_clock::memory_bytes() const { return full_ ? sizeof(flat_clock) + full_->cap * sizeof(clock_t_) : 0; }

// ---- happens-before on sync_vars ----

void sync_acquire(owner *o, sync_var *s) { s->clock.acquire_into(o); }

void sync_release(owner *o, sync_var *s) {
  sync_changed(s);
  s->clock.release(o);
  owner_tick(o);
}

mutex_state &mutex_of(sync_var *s) {
  if (!s->mx) s->mx = new (internal_calloc(1, sizeof(mutex_state))) mutex_state();
  return *s->mx;
}

void owner_fence_release(owner *o) {
  clock_snapshot *s = owner_snapshot(o);
  if (s != o->fence_snap) {  // a loop of fences keeps one snapshot: no count traffic
    snapshot_ref(s);
    if (o->fence_snap) snapshot_unref(o->fence_snap);
    o->fence_snap = s;
  }
  o->fence_epoch = o->epoch;
  o->has_fence_release = true;
  // The fence publishes nothing by itself: a relaxed store does, later, if
  // any (fence_published). Accesses noted since the last fence are ordered
  // before this one, which is all its publication could say about them.
  clock_t_ published = o->published;
  owner_tick(o);
  o->published = published;
  o->ndeferred = 0;
}

void sync_release_store(owner *o, sync_var *s) {
  sync_changed(s);
  s->clock.store(o);
  owner_tick(o);
}

void acquire_at(owner *o, uintptr_t addr) {
  sync_var *s = sync_find(addr, false);
  if (!s) return;
  s->mu.assert_held();
  sync_acquire(o, s);
  s->mu.unlock();
}

void release_at(owner *o, uintptr_t addr) {
  sync_var *s = sync_find(addr, true);
  s->mu.assert_held();
  sync_release(o, s);
  s->mu.unlock();
}

}  // namespace vigil::detect
