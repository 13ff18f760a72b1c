// owner.h — the detector's state of one thread of execution.
//
// An owner is whatever runs code: a thread today, a task (fiber) once the
// scheduler exists. All per-execution state lives here, reached through one
// pointer (cur_owner()), so a scheduler switches the detector's view of the
// world by switching that pointer (set_cur_owner) when it switches fibers.
//
// Slots. Every live owner holds a slot: its index in vector clocks and in
// shadow entries. Slots of finished owners are recycled, so clocks grow with
// the number of owners alive at once. Soundness of recycling: a slot s is
// given to a new owner created by P only if P's clock already covers the
// final epoch of s's previous owner - the highest of its epochs that any
// clock or shadow entry holds, which is usually the one its last release
// published (P happens after that owner ended, e.g. joined it or waited for
// its wait_group::done). The new owner continues s's clock from there, so for every
// other clock, an entry for s that covers an epoch of the new owner covers
// all of the old owner's epochs too - which is true in happens-before terms -
// and entries of s below the new owner's first epoch are ordered before it.
// Otherwise the new owner gets a fresh slot. No clock is ever reset.
//
// Owner descriptors (owner_desc) outlive their owners: reports name threads
// that finished long ago ("Thread T3 (finished) created by ...").
#pragma once

#include "clock.h"
#include "defs.h"
#include "read_set.h"
#include "stack_depot.h"

namespace vigil::detect {

enum class owner_state : uint8_t { running, finished };

struct owner_desc {
  uint32_t id;         // T<id> in reports; 0 is the main thread; never reused
  uint32_t parent_id;  // creator's id (0 for main, and for main itself)
  stack_id creation_stack;
  int os_tid;
  owner_state state;
  bool is_main;
  bool is_task;   // a vigil::go task (tasks.cpp), not a thread
  uint64_t task_id;  // a task's number, the library's: "task <task_id>" in reports
  bool is_timer;  // a timer of after()/ticker/a deadline (is_task too): reports say "a timer"
  // A thread the runtime did not see being created, adopted at its first
  // access (owner_adopt_current_thread): no creator, no creation stack.
  bool adopted;
  // A task's park: the operation it is blocked in, null while it runs (a
  // static string of the library's; written by the task, read by reports).
  const char *waiting_in;
  bool detached;  // pthread_detach'ed or created detached
  bool joined;
  // The leak epoch (vigil::leak_mark) when it was created: reports about it
  // carry it (a test framework charges them to the test that started it),
  // and a test's thread-leak check looks at the threads of its epochs.
  uint64_t leak_epoch;
  bool leak_reported;  // reported as a thread leak already (not again at exit)
  uintptr_t stack_lo, stack_hi;  // the thread's stack and static TLS, if known
  // Written when the owner ends (protected by the registry lock); acquired by join.
  vclock end_clock;
  // Slot history: the owner held `slot` from clock `first_clock` on.
  uint32_t slot;
  clock_t_ first_clock;
  owner_desc *prev_in_slot;  // earlier owners of the same slot
};

struct held_mutex {
  uintptr_t addr;
  stack_id stack;  // where it was locked
  bool write;      // exclusive
};

struct owner {
  owner_desc *desc;
  uint32_t slot;
  clock_t_ epoch;     // == clock.get(slot), cached for the fast path
  uint64_t tag;       // slot << kSlotShift | epoch: shadow entry bits of this epoch
  // The owner's current snapshot of its clock (clock.h), valid while
  // clock.changes() == snap_changes (its own entry may have grown since);
  // null until its first release.
  clock_snapshot *snap;
  uint64_t snap_changes;

  // Shadow call stack: frames[i] is the return address into frame i's caller;
  // nodes[i] the stack id of frames[0..i], valid for i < valid (frames above
  // depth are kept after returns, so valid may exceed depth).
  uintptr_t *frames;
  stack_id *nodes;
  uint32_t depth;
  uint32_t valid;
  uint32_t capacity;
  // (The fields above are read by instrumented code at fixed offsets:
  // abi.def. New fields go below.)
  vclock clock;
  // The epoch of the last access this owner recorded in the shadow (the slow
  // path sets it): with epoch - 1, the last one released, the highest epoch
  // of this owner that anything can hold (owner_finish).
  clock_t_ last_recorded;
  // A task's stack [task_stack_lo, task_stack_hi) and the lowest word of it
  // this owner recorded an access to (the slow path lowers it): what its end
  // must forget (tasks.cpp). Zero for threads.
  uintptr_t task_stack_lo, task_stack_hi, touched_lo;
  // While a task runs: its worker thread's stack and static TLS (errno, the
  // C++ runtime's thread-locals), shared in turn by every task that runs on
  // that thread and ordered by the thread's own execution: not checked.
  uintptr_t host_lo, host_size;
  // Recently interned stack nodes, direct-mapped by (parent, pc) -> id
  // (intern_slot): the leaves of owner_stack, and the frames a call
  // invalidated (a loop calling push() and pop() alternately re-interns the
  // same two frames at each access in a new epoch; the depot is a cache miss
  // away, this is not).
  // Sized by kind, in the owner's own allocation (owner_create): a thread
  // runs a program's whole call tree (a test function with its inlined
  // queue operations and assertion macros has hundreds of access sites),
  // a task usually one function, and 100,000 parked tasks must stay small.
  struct intern_cache_entry {
    uintptr_t pc;
    stack_id parent;
    stack_id id;
  } *intern_cache;  // [1 << (64 - intern_shift)]
  uint32_t intern_shift;

  // While a loop's range check runs (__vigil_loop_read/_write): its first
  // byte and element size, so that a race names the racing element, not the
  // whole range (report_found). elem is 0 otherwise.
  uintptr_t range_base;
  size_t range_elem;

  // The last range checks (__vigil_loop_read/_write), with what they were
  // checked under: this epoch, this clock (changes()), no shadow reset by
  // this owner since (resets: free, malloc, munmap, a task stack). A range
  // inside one of them, of the same or a weaker kind, checked again under
  // the same, adds nothing (access_loop_range): the same-epoch rule for a
  // whole range at once (a loop over the same array between two
  // synchronizations).
  struct checked_range {
    uintptr_t begin, end;
    uint64_t changes, resets;
    clock_t_ epoch;
    bool write;
  } checked[4];
  uint32_t checked_next;
  uint64_t resets;

  // >0: accesses are not checked (annotations, runtime-internal calls).
  int ignore_reads;
  int ignore_writes;
  // >0: the library's acquire/release events are ignored (a lock the library
  // uses internally whose edges are not the program's: sync_map's shards).
  int quiet_events;
  // >0: inside the runtime's own code; interceptors pass straight through.
  int in_runtime;
  // Signal handlers running on this thread (signals.cpp), each counted in
  // in_runtime and the ignore counts: the stack pointer of each one's
  // trampoline frame, innermost last (the first kHandlerFrames of them), so
  // that a handler left by longjmp is found (its frame lies below the jump's
  // target) and its counts are undone.
  static constexpr uint32_t kHandlerFrames = 8;
  uintptr_t handler_sp[kHandlerFrames];
  uint32_t handlers;

  // A task's clock at its creation: its creator's snapshot `snap_id`, but
  // for the creator's own entry (creator_slot, creator_epoch) and its own;
  // still so while clock.changes() == changes. snap_id 0: unknown.
  struct {
    uint64_t snap_id;
    uint64_t changes;
    uint32_t creator_slot;
    clock_t_ creator_epoch;
  } base;

  // Ids of snapshots its clock covers (its own and those it joined), a
  // small ring: acquiring from one of them again is O(1) (sync.h, sync_clock).
  uint64_t covered[4];
  uint32_t covered_next;

  // Fences (atomic.cpp): the clock at the last release fence, applied by later
  // relaxed stores, as a shared snapshot plus the own entry (fence_snap and
  // fence_epoch: a thread that fences before each relaxed store of an array
  // element gives the elements no clock memory of their own); clocks read
  // by relaxed loads, applied by the next acquire fence.
  bool has_fence_release;
  bool has_fence_acquire;
  clock_snapshot *fence_snap;  // a reference, with has_fence_release
  clock_t_ fence_epoch;
  vclock fence_acquire;

  // Deferred accesses after a release fence (access.cpp, "Fence windows").
  // `published`: the highest epoch of this owner that any clock may hold —
  // what its releases published (owner_tick) and what its relaxed stores
  // published of its last release fence (fence_published). A release fence
  // ticks without publishing, so an access whose word holds this owner's
  // entry of an epoch after `published` is covered by that entry as long as
  // the fence stays unpublished: it is noted here instead of recorded, and
  // recorded (replayed) only if a relaxed store publishes the fence. A new
  // release fence forgets the notes (it orders them before itself).
  clock_t_ published;
  static constexpr uint32_t kDeferredMax = 8;
  struct deferred_access {
    uintptr_t word;
    uintptr_t pc;       // with word, mask and flags: what makes a note a repeat
    clock_t_ covered;   // epoch of the own entry that covers the access
    stack_id stack;
    uint8_t mask, flags;
  } deferred[kDeferredMax];
  uint32_t ndeferred;

  // Sync objects whose clock (as of `version`) this owner has absorbed,
  // direct-mapped by index (atomic.cpp): repeated loads of an atomic that
  // nobody released since take no lock. `index` has kSeenInClock set when the
  // clock went into `clock` (acquire), clear when only into fence_acquire.
  struct sync_seen {
    uint32_t index;
    uint32_t version;
  } seen[16];

  held_mutex held[32];
  uint32_t nheld;
  // Lock-order edges this owner has seen (mutex.cpp), allocated at its first
  // nested lock; null before.
  void *order_cache;

  // The line of shadow cells (its first cell) this owner has locked, if any
  // (shadow.h, line_lock).
  shadow_cell *locked_cell;
  // Recent read-set transitions (read_set.h), direct-mapped; allocated on
  // the owner's first read of a word others read too (most tasks never do).
  read_transition *read_cache;
  // Where this owner's item is in the private read sets it re-reads
  // (read_set.h), direct-mapped by set: a hint, checked before use.
  // Mutable: the lock-free scans (read_set_has_epoch) update it too.
  struct set_hint {
    const read_set *set;
    uint32_t index;
  } mutable set_hints[4];
  // Words whose interned reads this owner recently replaced by a set no
  // transition-cache entry knew, direct-mapped: a word found here again gets
  // a private set (read_set.h, access.cpp).
  struct missed_word {
    uintptr_t word;
    uint64_t at;  // misses_ when it missed
  } missed_words[8];
  uint64_t misses;  // transitions to sets that no cache entry knew
  // Every owner not yet destroyed, in a list (registry lock): a forked child
  // finds the cells that vanished threads had locked.
  owner *live_prev, *live_next;
};

// Exported as __vigil_tls_owner: instrumented code reads it inline (abi.def).
extern __thread owner *t_owner __asm__("__vigil_tls_owner")
    __attribute__((tls_model("initial-exec"), visibility("default")));

// The owner of the code running now. A thread the runtime did not see being
// created (a glibc helper thread running a timer_create(SIGEV_THREAD)
// callback, a thread started by a raw clone) is adopted at its first
// instrumented access or intercepted call. Null while no owner may be used:
// before the runtime has started or while it starts (a constructor that runs
// before the runtime's own), and while this thread's adoption is under way
// (the adoption's own allocations reach the interceptors, a signal handler may
// run in the middle of it). Callers then pass straight through, checking and
// recording nothing.
owner *owner_adopt_current_thread();
VIGIL_ALWAYS_INLINE owner *cur_owner() {
  owner *o = t_owner;
  return VIGIL_LIKELY(o != nullptr) ? o : owner_adopt_current_thread();
}
// Where cell_lock records the cell the current owner holds (null before the
// thread has an owner).
VIGIL_ALWAYS_INLINE shadow_cell **cur_cell_holder() { return t_owner ? &t_owner->locked_cell : nullptr; }
// For schedulers: make `o` the owner of the code that runs next on this thread.
void set_cur_owner(owner *o);

// Creates the state of a new owner whose start happens after everything
// `parent` did so far (parent may be null for a thread the runtime did not see
// being created). Must be called on the parent's thread. Increments the
// parent's epoch (its later accesses are not ordered before the child).
// The descriptor's kind is set before it is published (an exit that walks
// the registry at that moment sees it whole).
enum class owner_kind : uint8_t { thread, detached_thread, task };
owner *owner_create(owner *parent, stack_id creation_stack, owner_kind kind = owner_kind::thread);
// The owner ends: records its final clock for joiners, frees its slot.
void owner_finish(owner *o);
// Frees an owner's memory; its descriptor stays.
void owner_destroy(owner *o);

// Starts a new epoch: accesses from now on are not covered by what this owner
// released so far.
VIGIL_ALWAYS_INLINE void owner_tick(owner *o) {
  o->published = o->epoch;
  o->epoch++;
  VIGIL_CHECK(o->epoch != 0);  // 2^32 releases by one owner: see owner.cpp
  o->clock.set(o->slot, o->epoch);
  o->tag = (static_cast<uint64_t>(o->slot) << 32) | o->epoch;
}

// Does the access (slot, clock) happen before everything `o` does now?
VIGIL_ALWAYS_INLINE owner::set_hint &set_hint_for(const owner *o, const read_set *s) {
  return o->set_hints[(reinterpret_cast<uintptr_t>(s) >> 6) & 3];
}

// The owner's clock as a shared snapshot (sync.cpp): the current one while
// the clock has not changed but for the owner's own entry, else a new one.
clock_snapshot *owner_snapshot(owner *o);

// Is the task's clock still its base (owner::base)? Its own entry is not
// counted in changes().
VIGIL_ALWAYS_INLINE bool owner_base_fresh(const owner *o) {
  return o->base.snap_id != 0 && o->base.changes == o->clock.changes();
}

VIGIL_ALWAYS_INLINE bool happens_before(const owner *o, uint32_t slot, clock_t_ c) {
  return c <= o->clock.get(slot);
}

VIGIL_ALWAYS_INLINE unsigned intern_slot(const owner *o, stack_id parent, uintptr_t pc) {
  return static_cast<unsigned>(((pc ^ (uint64_t{parent} * 0xff51afd7ed558ccdull)) * 0x9E3779B97F4A7C15ull) >>
                               o->intern_shift);
}
constexpr unsigned kThreadInternBits = 9;  // 512 entries (12 KiB)
constexpr unsigned kTaskInternBits = 6;    // 64 entries (1.5 KiB)

// The id of the current stack of `o` with `pc` as innermost frame.
stack_id owner_stack_slow(owner *o, uintptr_t pc);
VIGIL_ALWAYS_INLINE stack_id owner_stack(owner *o, uintptr_t pc) {
  // The common cases inline: every frame interned, the leaf cached; or all
  // but the innermost frame (a loop calling two functions in turn
  // re-enters that depth from another call site each time), whose node is
  // in the cache too.
  // Depth 0 is code with no shadow frame: a task's body inlined into the
  // library's trampoline that runs it (instrumentation: Library functions).
  uint32_t depth = o->depth;
  if (VIGIL_LIKELY(depth <= o->capacity)) {
    if (VIGIL_UNLIKELY(depth == o->valid + 1)) {
      stack_id parent = depth > 1 ? o->nodes[depth - 2] : 0;
      uintptr_t frame = o->frames[depth - 1];
      const owner::intern_cache_entry &f = o->intern_cache[intern_slot(o, parent, frame)];
      if (f.pc == frame && f.parent == parent && f.id) {
        o->nodes[depth - 1] = f.id;
        o->valid = depth;
      }
    }
    if (VIGIL_LIKELY(depth <= o->valid)) {
      stack_id top = depth ? o->nodes[depth - 1] : 0;
      const owner::intern_cache_entry &e = o->intern_cache[intern_slot(o, top, pc)];
      if (VIGIL_LIKELY(e.pc == pc && e.parent == top && e.id)) return e.id;
    }
  }
  return owner_stack_slow(o, pc);
}
// Same, without a leaf pc (the stack of the current function's caller chain).
stack_id owner_stack_top(owner *o);

// The real stack of the caller (unwound through uninstrumented code), spliced
// onto the shadow stack; `skip` runtime frames above the caller are dropped.
// Slow: for rare events only.
stack_id owner_stack_unwound(owner *o, unsigned skip);

// Thread registry (reports).
owner_desc *owner_desc_by_id(uint32_t id);
// The owner that made the access (slot, clock), or null if unknown.
owner_desc *owner_desc_for(uint32_t slot, clock_t_ c);
uint32_t owner_count();  // descriptors ever created
uint32_t owner_slots_used();  // clock slots ever handed out (the width of a full clock)
void registry_lock() VIGIL_NO_TSA;
void registry_unlock() VIGIL_NO_TSA;
// After fork, in the child: every owner but `survivor` is gone; cells they
// had locked are released.
void registry_after_fork_child(owner *survivor);
// Memory the registry and live owners' clocks hold (tests).
size_t owners_memory_bytes();

}  // namespace vigil::detect
