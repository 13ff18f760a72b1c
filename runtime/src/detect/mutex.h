// mutex.h — happens-before, misuse checks and lock-order tracking for
// mutex-like objects (pthread mutexes, rwlocks, spinlocks).
//
// n-th unlock → m-th lock (n < m); unlock → later lock_shared (clock);
// unlock_shared → later lock (read_clock). A failed try-lock synchronizes nothing.
#pragma once

#include "owner.h"

namespace vigil::detect {

void mutex_create(owner *o, uintptr_t m, uintptr_t pc);
void mutex_destroy(owner *o, uintptr_t m, uintptr_t pc);
// After a successful lock (write: exclusive).
// How an acquisition was made: one that could not block (a successful
// try-lock) adds no lock-order edge into the mutex.
enum class lock_how { blocking, try_lock };
void mutex_locked(owner *o, uintptr_t m, bool write, uintptr_t pc, lock_how how = lock_how::blocking);
// Before unlocking. Returns false if the unlock is a misuse (reported).
bool mutex_unlocking(owner *o, uintptr_t m, uintptr_t pc);

// vigil's own mutexes (mutex, rw_mutex, a once's; events.h): their edges
// come through acquire/release, these keep only the lock-order graph and the
// owner's held set. Go lets any task unlock a mutex: an unlock by an owner
// that does not hold m takes m out of the graph for good (a hold handed over
// between tasks has no order to check).
void lock_order_acquired(owner *o, uintptr_t m, bool write, stack_id stack, lock_how how);
void lock_order_released(owner *o, uintptr_t m);
// The memory of m is freed or reused: its edges go (sync.cpp, when the
// sync var at m is retired).
void lock_order_forget(uintptr_t m);

}  // namespace vigil::detect
