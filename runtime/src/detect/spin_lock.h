// spin_lock.h — the lock of the detector's small, hot objects (a sync
// object, a heap shard, a read-set bucket): one locked instruction per
// critical section.
//
// raw_lock (vigil/detail/raw_lock.h) also unlocks with a plain store, but
// keeps a sleeper count beside its word, and its unlock reads it. The
// critical sections on these objects are short and never block, so a waiter
// spins (pause), then yields, as a shadow cell's lock does (shadow.h); the
// lock is one word, which doubles as a sequence (below). A holder preempted
// on a loaded machine costs its waiters yields, not a lost wake-up.
#pragma once

#include <sched.h>
#include <stdint.h>

#include "../base/compiler.h"
#include <vigil/detail/thread_safety.h>

namespace vigil::detect {

// The lock word is also a sequence number (a seqlock): odd while held, and
// every critical section moves it on by two. A reader that loads it even,
// reads the protected data without the lock, and loads it unchanged
// afterwards (sequence() both times, an acquire fence before the second)
// read data no critical section changed in between (atomic.cpp's lock-free
// acquire loads). The data must stay readable memory meanwhile (vigil's
// heap never unmaps: base/alloc.h), and everything read is used only once
// the second load agreed.
class VIGIL_CAPABILITY("mutex") spin_lock {
 public:
  constexpr spin_lock() = default;
  spin_lock(const spin_lock &) = delete;
  spin_lock &operator=(const spin_lock &) = delete;

  VIGIL_ALWAYS_INLINE void lock() VIGIL_ACQUIRE() {
    if (VIGIL_UNLIKELY(!try_lock())) lock_slow();
  }
  VIGIL_ALWAYS_INLINE bool try_lock() VIGIL_TRY_ACQUIRE(true) {
    uint32_t w = __atomic_load_n(&word_, __ATOMIC_RELAXED);
    return !(w & 1) && __atomic_compare_exchange_n(&word_, &w, w + 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
  }
  // Only the holder writes the word, so it can read it plainly.
  VIGIL_ALWAYS_INLINE void unlock() VIGIL_RELEASE() {
    __atomic_store_n(&word_, __atomic_load_n(&word_, __ATOMIC_RELAXED) + 1, __ATOMIC_RELEASE);
  }
  // Tells the thread-safety analysis that the caller holds this lock.
  void assert_held() const VIGIL_ASSERT_CAPABILITY(this) {}
  // The sequence number: odd while held.
  VIGIL_ALWAYS_INLINE uint32_t sequence() const { return __atomic_load_n(&word_, __ATOMIC_ACQUIRE); }

 private:
  VIGIL_NOINLINE void lock_slow() {
    for (unsigned spins = 0;; spins++) {
      uint32_t w = __atomic_load_n(&word_, __ATOMIC_RELAXED);
      if (!(w & 1) && __atomic_compare_exchange_n(&word_, &w, w + 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
      if (spins < 128) __builtin_ia32_pause();
      else sched_yield();
    }
  }
  uint32_t word_ = 0;
};
static_assert(sizeof(spin_lock) == 4, "embedded in sync_var");
// Scoped: raw_lock_guard (vigil/detail/raw_lock.h) takes it too.

}  // namespace vigil::detect
