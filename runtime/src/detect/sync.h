// sync.h — synchronization objects: the clocks that happens-before travels
// through (mutexes, rwlocks, atomics, semaphores, file descriptors, ...).
//
// A sync_var is found by the address of the object it shadows. The table is a
// chained hash with one lock per bucket; a sync_var has its own lock for its
// clocks and mutex state. Words of user memory that have a sync_var carry
// kSyncBit in their shadow (shadow.h), so freeing memory finds and destroys
// them without searching the table.
//
// Lock order: bucket lock, then sync_var::mu, then cell locks. Lookups return
// the sync_var locked and the bucket unlocked; destruction takes both, so a
// locked sync_var cannot disappear.
#pragma once

#include "clock.h"
#include "defs.h"
#include "stack_depot.h"

namespace vigil::detect {

struct owner;

struct sync_var {
  uintptr_t addr;
  spin_mutex mu;
  vclock clock VIGIL_GUARDED_BY(mu);       // released by unlock / release stores
  vclock read_clock VIGIL_GUARDED_BY(mu);  // released by unlock_shared (rwlocks)
  stack_id creation_stack;
  // Mutex state (pthread mutexes and rwlocks), for misuse and lock-order reports.
  uint32_t holder VIGIL_GUARDED_BY(mu);  // owner id + 1 of the exclusive holder, 0 if none
  int recursion VIGIL_GUARDED_BY(mu);
  int readers VIGIL_GUARDED_BY(mu);
  stack_id lock_stack VIGIL_GUARDED_BY(mu);  // where the holder locked it
  sync_var *next;  // bucket chain (bucket lock)
};

// The sync_var of `addr`, locked; created if absent and `create`, else null.
sync_var *sync_find(uintptr_t addr, bool create, stack_id creation_stack = 0)
    VIGIL_NO_TSA;
// Destroys the sync_vars of user memory [addr, addr+size) (free, munmap).
void sync_destroy_range(uintptr_t addr, size_t size);
// Destroys the sync_var of exactly `addr`, if any (pthread_mutex_destroy...).
void sync_destroy(uintptr_t addr);
void sync_lock_all() VIGIL_NO_TSA;    // fork
void sync_unlock_all() VIGIL_NO_TSA;

// Happens-before on a sync_var (s->mu held by the caller).
// acquire: the owner's clock absorbs s->clock.
void sync_acquire(owner *o, sync_var *s) VIGIL_REQUIRES(s->mu);
// release: s->clock absorbs the owner's clock; the owner starts a new epoch.
void sync_release(owner *o, sync_var *s) VIGIL_REQUIRES(s->mu);
// release_store: s->clock becomes the owner's clock (a store that starts a
// new release sequence); the owner starts a new epoch.
void sync_release_store(owner *o, sync_var *s) VIGIL_REQUIRES(s->mu);

// Convenience for the common pattern: find-or-create, act, unlock.
void acquire_at(owner *o, uintptr_t addr);
void release_at(owner *o, uintptr_t addr);

// Keys for objects without a user address (file descriptors...).
constexpr uintptr_t kFdSyncBase = uintptr_t{1} << 60;

}  // namespace vigil::detect
