// sync.h — synchronization objects: the clocks that happens-before travels
// through (mutexes, rwlocks, atomics, semaphores, file descriptors, ...).
//
// Finding. A sync_var is keyed by an address. For user memory the word's
// meta slot (shadow.h, meta_for) holds the index of the first sync_var of
// that 8-byte word; the vars of one word form a chain through `next` (at
// most one per byte address, so at most 8). Keys outside user memory (file
// descriptors) chain from a small table of buckets. A lookup is a load of
// the meta slot and a walk of a chain of one or two: no global lock, no
// hashing.
//
// Storage. sync_vars live in one reserved, lazily committed pool and are
// addressed by a 32-bit index; a freed var goes to a free list and is
// reused, never unmapped (type-stable memory: a finder that raced with a
// destroy may still read it safely, then sees that it no longer carries its
// key). A var has no clock memory until a release gives it one.
//
// Invariants and protection:
//  - a chain (its `next` links and the head in the meta slot or bucket) is
//    changed only under the chain's lock: the word's cell lock for user
//    memory, the bucket lock for other keys. Finders walk it without a lock
//    (links are read atomically) and confirm a match under the var's lock.
//  - `addr` and `size` are written under the chain lock and the var's lock
//    (creation: before publication; destruction: addr becomes 0 under both);
//    a var whose addr is not the key looked up is not that key's var.
//  - clocks, `version` and the mutex state are protected by `mu`; `version`
//    is also read without the lock: it changes (under mu) whenever a clock
//    of the var changes, and when the var is destroyed, and never decreases,
//    so a reader that saw the same version before and after an operation
//    knows no clock changed in between (atomic.cpp's lock-free acquires).
//  - the clock (and addr, size) may also be read without the lock, into a
//    private copy (sync_clock::read_unlocked), between two reads of mu's
//    sequence (spin_lock.h): the copy counts only if they agree. Clock
//    memory is vigil's heap, which never unmaps, and a var's clock memory
//    is freed only under its lock, so such a read sees live memory or fails
//    its check.
//
// Lock order: chain lock (cell lock), then a fresh var's mu (never a
// published one); otherwise var mus alone, several only in index order.
// Nobody takes a cell lock while holding a var's mu.
#pragma once

#include "clock.h"
#include "defs.h"
#include "shadow.h"
#include "spin_lock.h"
#include "stack_depot.h"

namespace vigil::detect {

struct owner;

// A sync object's own clock: entries [0, n) of a flat array (entries at n
// and above are zero, whatever the array holds there: growing n zeroes
// them), sized to the slots it has heard of. Flat, not chunked like an
// owner's vclock: a mutex of a program with 5 threads holds 20 bytes of
// entries, not a 64-entry chunk, and acquiring it is one linear join.
struct flat_clock {
  uint32_t n;
  uint32_t cap;
  // The id of a snapshot whose clock e[] covers, or 0: a release by an owner
  // whose clock is that snapshot's but for two entries (a task that has
  // acquired nothing since its creation: owner::base) raises those two
  // entries, not the whole clock (every task of a batch calling
  // wait_group::done on one group).
  uint64_t covers;
  clock_t_ e[];  // [cap]
};

// The clock a sync object carries: nothing, an owner's shared snapshot plus
// that owner's own entry at the release (no memory of its own: a thread
// that publishes many objects between two acquires gives them all one
// snapshot), or a flat clock of its own when releases of several owners
// were merged. Protected by the sync_var's lock.
class sync_clock {
 public:
  constexpr sync_clock() = default;
  sync_clock(const sync_clock &) = delete;
  sync_clock &operator=(const sync_clock &) = delete;

  bool surely_empty() const { return snap_ == nullptr && full_ == nullptr; }
  // o->clock absorbs this clock.
  void acquire_into(owner *o) const;
  // dst (o's fence_acquire) absorbs what of this clock o->clock lacks.
  void collect_into(owner *o, vclock &dst) const;
  // this = o->clock (a store that starts a release sequence).
  void store(owner *o);
  // this = this ∪ o->clock.
  void release(owner *o);
  // this = the clock of o's last release fence (a relaxed store after it).
  void store_fenced(const owner *o);
  // this = this ∪ that clock (a relaxed RMW after the fence).
  void join_fenced(const owner *o);
  // this = other (both locked by the caller, or private).
  void assign(const sync_clock &other);
  // Copies the clock without the var's lock, for o to absorb (clock_copy).
  // False if it is too large to copy; what it copies is only valid if the
  // var's lock sequence did not move meanwhile.
  bool read_unlocked(const owner *o, struct clock_copy &c) const;
  void clear();
  size_t memory_bytes() const;

 private:
  // Turns a shared clock into an own one (full_ non-null afterwards).
  void make_full();
  // full_ = max(full_, entries[0..n)), growing it as needed.
  void full_join(const clock_t_ *entries, uint32_t n);
  void full_join(const vclock &c);
  void full_join(const clock_snapshot *s, uint32_t slot, clock_t_ epoch);
  clock_snapshot *snap_ = nullptr;  // shared part, if any
  uint32_t slot_ = 0;               // with snap_: the releasing owner's slot...
  clock_t_ epoch_ = 0;              // ...and its epoch at the release
  flat_clock *full_ = nullptr;      // the clock itself, when not shared
};

// A sync_clock as read without its var's lock (read_unlocked), in the
// reader's own memory: its flat entries, or a snapshot's (unless the reader
// had joined that snapshot already) plus the releasing owner's entry.
struct clock_copy {
  static constexpr uint32_t kMax = 256;  // larger clocks are read under the lock
  uint32_t n = 0;
  bool snap = false;     // e is snapshot snap_id's, plus (slot, epoch)
  bool covered = false;  // with snap: the reader's clock covers the snapshot; e is not copied
  uint64_t snap_id = 0;
  uint32_t slot = 0;
  clock_t_ epoch = 0;
  clock_t_ e[kMax];

  bool empty() const { return !snap && n == 0; }
};
// What acquire_into and collect_into do, from a copy.
void acquire_copy(owner *o, const clock_copy &c);
void collect_copy(owner *o, const clock_copy &c, vclock &dst);

// What a pthread mutex or rwlock needs beyond its clock: allocated at its
// first lock (most sync_vars are atomics: one per element of a published
// array, and those should cost one cache line each).
struct mutex_state {
  vclock read_clock;    // released by unlock_shared (rwlocks)
  uint32_t holder;      // owner id + 1 of the exclusive holder, 0 if none
  int recursion;
  int readers;
  stack_id lock_stack;  // where the holder locked it
};

struct sync_var {
  uintptr_t addr;  // the key; 0 while free (see invariants)
  uint32_t next;   // next var of the chain (index), 0 at the end
  uint32_t size;   // bytes the key's atomic accesses cover (widest seen), >= 1
  spin_lock mu;
  uint32_t version;                         // see invariants; atomic access
  sync_clock clock VIGIL_GUARDED_BY(mu);    // released by unlock / release stores
  stack_id creation_stack;
  mutex_state *mx VIGIL_GUARDED_BY(mu);     // null until locked as a mutex
};
static_assert(sizeof(sync_var) <= 64, "a sync_var is one cache line");

// Called with the address of every sync var retired (its memory freed or
// reused), once set: the lock-order graph forgets a mutex whose memory goes
// away (mutex.cpp sets it when the graph gets its first edge).
extern void (*g_sync_retire_hook)(uintptr_t addr);

// The var's mutex state, created on first use (s->mu held).
mutex_state &mutex_of(sync_var *s) VIGIL_REQUIRES(s->mu);

// Index <-> var. Index 0 is "none".
extern sync_var *g_sync_pool;
VIGIL_ALWAYS_INLINE sync_var *sync_at(uint32_t index) { return &g_sync_pool[index]; }
VIGIL_ALWAYS_INLINE uint32_t sync_index(const sync_var *s) { return static_cast<uint32_t>(s - g_sync_pool); }

// The sync_var keyed by exactly `addr`, locked; created if absent and
// `create` (covering `size` bytes), else null.
sync_var *sync_find(uintptr_t addr, bool create, stack_id creation_stack = 0, uint32_t size = 1)
    VIGIL_NO_TSA;

// The first var of the word of user address `addr` (index), 0 if the word
// has none. Lock-free; a hint that may be stale by the time it returns.
VIGIL_ALWAYS_INLINE uint32_t sync_word_head(uintptr_t addr) {
  return __atomic_load_n(meta_for(shadow_cell_for(addr & ~uintptr_t{7}), addr), __ATOMIC_ACQUIRE);
}

// Up to 8 vars of the word of user address `addr` whose bytes overlap
// [addr, addr+size), unlocked, by increasing index (the order to lock them
// in); `head` is the word's first var as sync_word_head returned it.
// Lock-free: each must be confirmed under its lock (sync_covers).
unsigned sync_overlapping_slow(uint32_t head, uintptr_t addr, size_t size, uint32_t out[8]);
VIGIL_ALWAYS_INLINE unsigned sync_overlapping(uint32_t head, uintptr_t addr, size_t size, uint32_t out[8]) {
  if (head == 0) return 0;
  const sync_var *s = sync_at(head);
  // The common case: the word's one var.
  if (__atomic_load_n(&s->next, __ATOMIC_ACQUIRE) == 0) {
    uintptr_t a = __atomic_load_n(&s->addr, __ATOMIC_RELAXED);
    uint32_t sz = __atomic_load_n(&s->size, __ATOMIC_RELAXED);
    if (a == 0 || a >= addr + size || a + sz <= addr) return 0;
    out[0] = head;
    return 1;
  }
  return sync_overlapping_slow(head, addr, size, out);
}
VIGIL_ALWAYS_INLINE unsigned sync_overlapping(uintptr_t addr, size_t size, uint32_t out[8]) {
  return sync_overlapping(sync_word_head(addr), addr, size, out);
}
// Does the var (locked) still stand for bytes overlapping [addr, addr+size)?
bool sync_covers(const sync_var *s, uintptr_t addr, size_t size) VIGIL_REQUIRES(s->mu);

// Destroys the sync_vars of user memory [addr, addr+size) (free, munmap), in
// time proportional to the words that hold one.
void sync_destroy_range(uintptr_t addr, size_t size);
// Destroys the sync_var of exactly `addr`, if any (pthread_mutex_destroy...).
void sync_destroy(uintptr_t addr);
void sync_lock_all() VIGIL_NO_TSA;  // fork
void sync_unlock_all() VIGIL_NO_TSA;
// In a forked child: locks of vars held by threads that vanished are released.
void sync_after_fork_child();
// Live sync_vars (tests, statistics): exact for the calling thread's own
// creations; other threads' are counted in batches.
size_t sync_live_count();
// The most sync_vars the pool has held at once (give or take a batch per thread).
size_t sync_pool_high_water();
// A thread that is about to exit gives back its cached free vars.
void sync_thread_exit();

// Happens-before on a sync_var (s->mu held by the caller).
// acquire: the owner's clock absorbs s->clock.
void sync_acquire(owner *o, sync_var *s) VIGIL_REQUIRES(s->mu);
// release: s->clock absorbs the owner's clock; the owner starts a new epoch.
void sync_release(owner *o, sync_var *s) VIGIL_REQUIRES(s->mu);
// release_store: s->clock becomes the owner's clock (a store that starts a
// new release sequence); the owner starts a new epoch.
void sync_release_store(owner *o, sync_var *s) VIGIL_REQUIRES(s->mu);
// A release fence: o's later relaxed stores and RMWs publish its clock as
// of now (store_fenced, join_fenced); the owner starts a new epoch.
void owner_fence_release(owner *o);
// Any other change of s's clocks must call this (under s->mu).
VIGIL_ALWAYS_INLINE void sync_changed(sync_var *s) VIGIL_REQUIRES(s->mu) {
  __atomic_store_n(&s->version, s->version + 1, __ATOMIC_RELAXED);
}

// Convenience for the common pattern: find-or-create, act, unlock.
void acquire_at(owner *o, uintptr_t addr);
void release_at(owner *o, uintptr_t addr);

// Keys for objects without a user address (file descriptors...).
constexpr uintptr_t kFdSyncBase = uintptr_t{1} << 60;

}  // namespace vigil::detect
