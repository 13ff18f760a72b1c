// spin_lock.h — the lock of the detector's small, hot objects (a sync
// object, a heap shard, a read-set bucket): one locked instruction per
// critical section.
//
// raw_lock (vigil/detail/raw_lock.h) unlocks with an exchange, to learn
// whether a sleeper must be woken: two locked instructions per critical
// section, and each waits for the store buffer to drain (an atomic's release
// followed by its acquire in another thread took both). The critical sections
// on these objects are short and never block, so a waiter spins (pause), then
// yields, as a shadow cell's lock does (shadow.h); unlock is a plain release
// store. A holder preempted on a loaded machine costs its waiters yields, not
// a lost wake-up.
#pragma once

#include <sched.h>
#include <stdint.h>

#include "../base/compiler.h"
#include <vigil/detail/thread_safety.h>

namespace vigil::detect {

class VIGIL_CAPABILITY("mutex") spin_lock {
 public:
  constexpr spin_lock() = default;
  spin_lock(const spin_lock &) = delete;
  spin_lock &operator=(const spin_lock &) = delete;

  VIGIL_ALWAYS_INLINE void lock() VIGIL_ACQUIRE() {
    uint32_t expected = 0;
    if (VIGIL_UNLIKELY(!__atomic_compare_exchange_n(&word_, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)))
      lock_slow();
  }
  VIGIL_ALWAYS_INLINE bool try_lock() VIGIL_TRY_ACQUIRE(true) {
    uint32_t expected = 0;
    return __atomic_compare_exchange_n(&word_, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
  }
  VIGIL_ALWAYS_INLINE void unlock() VIGIL_RELEASE() { __atomic_store_n(&word_, 0, __ATOMIC_RELEASE); }
  // Tells the thread-safety analysis that the caller holds this lock.
  void assert_held() const VIGIL_ASSERT_CAPABILITY(this) {}

 private:
  VIGIL_NOINLINE void lock_slow() {
    for (unsigned spins = 0;; spins++) {
      if (__atomic_load_n(&word_, __ATOMIC_RELAXED) == 0) {
        uint32_t expected = 0;
        if (__atomic_compare_exchange_n(&word_, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
      }
      if (spins < 128) __builtin_ia32_pause();
      else sched_yield();
    }
  }
  uint32_t word_ = 0;
};
static_assert(sizeof(spin_lock) == 4, "embedded in sync_var");
// Scoped: raw_lock_guard (vigil/detail/raw_lock.h) takes it too.

}  // namespace vigil::detect
