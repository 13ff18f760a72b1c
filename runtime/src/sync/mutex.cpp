// mutex.cpp — mutex, rw_mutex, wait_group and once (Go's sync package).
//
// mutex: state_ holds kLocked and kWaiters. Lockers that find it locked
// queue on q_ (under q_.lock, after setting kWaiters with a CAS on the same
// word, so an unlock cannot slip between the check and the enqueue); unlock
// clears kLocked and, if kWaiters was set, wakes the oldest waiter, which
// then competes for the lock again (a waiter that loses requeues at the
// front). kWaiters is cleared under q_.lock when the queue empties.
//
// rw_mutex is Go's RWMutex algorithm on vigil's semaphores: readers_ counts
// readers, made negative by kMaxReaders while a writer is pending, which
// sends new readers to reader_sem_; the writer waits on writer_sem_ for the
// readers that were inside (departing_) to leave.
//
// wait_group is Go's WaitGroup: one 64-bit word, counter in the high half
// and waiters in the low half, so the checks for misuse see both at once.

#include <vigil/detail/events.h>
#include "sched/sched.h"

#include <vigil/sync.h>

namespace vigil {

using namespace detail;

// ---------------------------------------------------------------------------
// mutex

void mutex::lock_slow() noexcept { lock_slow_parked_as(this, kWaitMutex); }

void mutex::lock_waiting_in(int why) noexcept {
  std::uint32_t expected = 0;
  if (!state_.compare_exchange_strong(expected, kLocked, std::memory_order_acquire, std::memory_order_relaxed))
    lock_slow_parked_as(this, static_cast<wait_reason>(why));
  holder_.store(self_id(), std::memory_order_relaxed);
  event_locked(this, 0);
}

void mutex::lock_unannounced() noexcept {
  std::uint32_t expected = 0;
  if (!state_.compare_exchange_strong(expected, kLocked, std::memory_order_acquire, std::memory_order_relaxed))
    lock_slow_parked_as(this, kWaitMutex);
  holder_.store(self_id(), std::memory_order_relaxed);
}

bool mutex::try_lock_unannounced() noexcept {
  std::uint32_t s = state_.load(std::memory_order_relaxed);
  while (!(s & kLocked))
    if (state_.compare_exchange_weak(s, s | kLocked, std::memory_order_acquire, std::memory_order_relaxed)) {
      holder_.store(self_id(), std::memory_order_relaxed);
      return true;
    }
  return false;
}

void mutex::unlock_unannounced() noexcept {
  std::uint32_t old = state_.fetch_sub(kLocked, std::memory_order_release);
  if (old != kLocked) unlock_slow(old);
}

namespace {
constexpr int kSpinRounds = 4, kSpinPauses = 30;  // Go's active_spin, active_spin_cnt
}  // namespace

void mutex::lock_slow_parked_as(mutex* self, wait_reason why) noexcept {
  auto& state_ = self->state_;
  auto& q_ = self->q_;
  bool awoke = false;  // this locker owns kWoken
  bool requeue_front = false;
  auto take = [&](std::uint32_t s) {
    std::uint32_t n = s | kLocked;
    if (awoke) n &= ~kWoken;
    return state_.compare_exchange_weak(s, n, std::memory_order_acquire, std::memory_order_relaxed);
  };
  for (;;) {
    // One more look, then a short spin only where it can pay (Go's canSpin:
    // another worker runs, maybe the holder, and this one has nothing else
    // to run). Each round waits 30 pauses before it looks again: a spinner
    // that reads the word in a tight loop takes its cache line away from
    // the holder on every read. While spinning, claim kWoken so that unlock
    // does not wake a sleeper that would only lose the race to us.
    for (int round = 0; round < kSpinRounds; ++round) {
      std::uint32_t s = state_.load(std::memory_order_relaxed);
      if (!(s & kLocked)) {
        if (take(s)) return;
        continue;
      }
      if (!spin_worthwhile()) break;
      if (!awoke && !(s & kWoken) && (s & kWaiters) &&
          state_.compare_exchange_weak(s, s | kWoken, std::memory_order_relaxed, std::memory_order_relaxed))
        awoke = true;
      for (int k = 0; k < kSpinPauses; ++k) __builtin_ia32_pause();
    }
    q_.lock.lock();
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    if (!(s & kLocked)) {
      bool got = take(s);
      q_.lock.unlock();
      if (got) return;
      continue;
    }
    std::uint32_t n = s | kWaiters;
    if (awoke) n &= ~kWoken;  // going to sleep: no longer awake
    if (!state_.compare_exchange_strong(s, n, std::memory_order_relaxed, std::memory_order_relaxed)) {
      q_.lock.unlock();
      continue;
    }
    awoke = false;
    waiter* w = current_waiter();
    if (requeue_front)
      wq_push_front(&q_, w);
    else
      wq_push_back(&q_, w);
    park_unlock(q_.lock, why, self);
    // unlock_slow set kWoken for us.
    awoke = true;
    requeue_front = true;
  }
}

namespace {

// An unlock that is one too many: the report's other half is where the lock
// was unlocked before (one frame: the call), when known.
[[noreturn]] void unlocked_misuse(const char* kind, const char* before_what, const void* previous_unlock) {
  if (previous_unlock) {
    earlier_op before{};
    before.tid = -1;  // who is not recorded: where is
    before.pcs[0] = reinterpret_cast<std::uintptr_t>(previous_unlock);
    before.n = 1;
    misuse_after(kind, before_what, &before);
  }
  misuse(kind);
}

}  // namespace

void mutex::unlock_slow(std::uint32_t old, const void* previous_unlock) noexcept {
  // (An unlocked mutex's state is left as the fetch_sub made it: the misuse
  // ends the program.)
  if (!(old & kLocked)) unlocked_misuse("unlock of an unlocked mutex", "Unlocked before", previous_unlock);
  std::uint32_t s = old & ~kLocked;
  // Wake a waiter only if there is one and nobody is awake to take the lock.
  for (;;) {
    if (!(s & kWaiters) || (s & (kWoken | kLocked))) return;
    if (state_.compare_exchange_weak(s, s | kWoken, std::memory_order_relaxed, std::memory_order_relaxed)) break;
  }
  q_.lock.lock();
  waiter* w = wq_pop_front(&q_);
  if (!q_.head) state_.fetch_and(~kWaiters, std::memory_order_relaxed);
  if (!w) state_.fetch_and(~kWoken, std::memory_order_relaxed);
  q_.lock.unlock();
  if (w) unpark(w);
}

// ---------------------------------------------------------------------------
// rw_mutex

// Events: writers release on `this`, readers on &readers_ (merged: every
// reader's unlock_shared happens before the next lock); lock acquires both,
// lock_shared acquires `this` only. In the lock-order graph the rw_mutex is
// one node at `this` (locked/unlocking, kLockShared for readers), announced
// at the caller's place; w_ announces nothing of its own.
void rw_mutex::lock_shared() noexcept {
  if (readers_.fetch_add(1, std::memory_order_acquire) + 1 < 0)
    sema_acquire(&reader_sem_, kWaitRWMutexRead);  // a writer is pending
  note_read_held(this);
  event_locked(this, kLockShared, __builtin_return_address(0));
}

bool rw_mutex::try_lock_shared() noexcept {
  std::int32_t c = readers_.load(std::memory_order_relaxed);
  while (c >= 0)
    if (readers_.compare_exchange_weak(c, c + 1, std::memory_order_acquire, std::memory_order_relaxed)) {
      note_read_held(this);
      event_locked(this, kLockShared | kLockTry, __builtin_return_address(0));
      return true;
    }
  return false;
}

void rw_mutex::unlock_shared() noexcept {
  event_unlocking(this, kLockShared);
  event_release(&readers_);
  note_read_released(this);
  // Recorded while this reader still holds its share (after it, the
  // rw_mutex may be gone).
  const void* previous = unlocked_shared_at_.load(std::memory_order_relaxed);
  const void* here = __builtin_return_address(0);
  if (previous != here) unlocked_shared_at_.store(here, std::memory_order_relaxed);
  std::int32_t r = readers_.fetch_sub(1, std::memory_order_release) - 1;
  if (r >= 0) return;
  if (r + 1 == 0 || r + 1 == -kMaxReaders)
    unlocked_misuse("unlock_shared of an unlocked rw_mutex", "Unlocked (shared) before", previous);
  // A writer is pending: the last departing reader lets it in.
  if (departing_.fetch_sub(1, std::memory_order_acq_rel) - 1 == 0) sema_release(&writer_sem_);
}

void rw_mutex::lock() noexcept {
  w_.lock_unannounced();
  // Announce the writer; r readers are inside.
  std::int32_t r = readers_.fetch_sub(kMaxReaders, std::memory_order_acquire);
  if (r != 0 && departing_.fetch_add(r, std::memory_order_acq_rel) + r != 0)
    sema_acquire(&writer_sem_, kWaitRWMutexWrite);
  event_locked(this, 0, __builtin_return_address(0));
  event_acquire(&readers_);
}

bool rw_mutex::try_lock() noexcept {
  if (!w_.try_lock_unannounced()) return false;
  std::int32_t zero = 0;
  if (!readers_.compare_exchange_strong(zero, -kMaxReaders, std::memory_order_acquire, std::memory_order_relaxed)) {
    w_.unlock_unannounced();
    return false;
  }
  event_locked(this, kLockTry, __builtin_return_address(0));
  event_acquire(&readers_);
  return true;
}

void rw_mutex::unlock() noexcept {
  event_unlocking(this, 0);
  const void* previous = unlocked_at_.load(std::memory_order_relaxed);
  unlocked_at_.store(__builtin_return_address(0), std::memory_order_relaxed);
  std::int32_t r = readers_.fetch_add(kMaxReaders, std::memory_order_release) + kMaxReaders;
  if (r >= kMaxReaders) unlocked_misuse("unlock of an unlocked rw_mutex", "Unlocked before", previous);
  // Let in the readers that queued behind this writer.
  for (std::int32_t i = 0; i < r; ++i) sema_release(&reader_sem_);
  w_.unlock_unannounced();
}

// ---------------------------------------------------------------------------
// wait_group

void wait_group::add(int delta) noexcept {
  // Where the counter came down last, for a "negative WaitGroup counter"
  // report: recorded before the counter moves, because once a done()
  // brings it to zero a wait() may return and the wait_group (often a
  // local) may be gone. Diagnostics only: concurrent done()s may mix them.
  const void* previous_done = nullptr;
  if (delta < 0) {
    previous_done = last_done_at_.load(std::memory_order_relaxed);
    last_done_at_.store(__builtin_return_address(0), std::memory_order_relaxed);
    event_release(this);  // done() happens before the wait() it releases
  }
  std::uint64_t v = state_.fetch_add(static_cast<std::uint64_t>(static_cast<std::int64_t>(delta)) << 32,
                                     std::memory_order_acq_rel) +
                    (static_cast<std::uint64_t>(static_cast<std::int64_t>(delta)) << 32);
  auto counter = static_cast<std::int32_t>(v >> 32);
  auto waiters = static_cast<std::uint32_t>(v);
  if (counter < 0) {
    // The other half of the story: the done that had already brought the
    // counter to zero (an extra done(), or one done() too many per add).
    earlier_op zeroed{};
    zeroed.tid = -1;  // who is not recorded: its call site is
    if (previous_done && counter == delta) {
      zeroed.pcs[0] = reinterpret_cast<std::uintptr_t>(previous_done);
      zeroed.n = 1;
      misuse_after("negative WaitGroup counter", "The counter last came down to zero", &zeroed);
    }
    misuse("negative WaitGroup counter");
  }
  // Go's rule: the add that raises the counter from zero must be ordered
  // before a concurrent wait (whose first waiter writes the semaphore).
  if (delta > 0 && counter == delta) VIGIL_EVENT(access, &sema_, sizeof sema_.count, false, __builtin_return_address(0));
  if (waiters != 0 && delta > 0 && counter == delta)
    misuse("WaitGroup misuse: add called concurrently with wait");
  if (counter > 0 || waiters == 0) return;
  // Counter is 0 and there are waiters: nobody may touch the state now.
  if (state_.load(std::memory_order_relaxed) != v) misuse("WaitGroup misuse: add called concurrently with wait");
  state_.store(0, std::memory_order_relaxed);
  for (std::uint32_t i = 0; i < waiters; ++i) sema_release(&sema_);
}

void wait_group::wait() noexcept {
  std::uint64_t v = state_.load(std::memory_order_acquire);
  for (;;) {
    if ((v >> 32) == 0) {
      event_acquire(this);
      return;
    }
    if (state_.compare_exchange_weak(v, v + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
      if (static_cast<std::uint32_t>(v) == 0)  // the first waiter
        VIGIL_EVENT(access, &sema_, sizeof sema_.count, true, __builtin_return_address(0));
      sema_acquire(&sema_, kWaitWaitGroup);
      if (state_.load(std::memory_order_relaxed) != 0)
        misuse("WaitGroup is reused before previous wait has returned");
      event_acquire(this);
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// once

bool once::enter() noexcept {
  const void* me = current_waiter();
  // Only the runner itself can observe its own identity here.
  if (__atomic_load_n(&runner_, __ATOMIC_RELAXED) == me) misuse("once: call() re-entered from its own function (deadlock)");
  m_.lock_waiting_in(kWaitOnce);
  if (done_.load(std::memory_order_relaxed)) {
    m_.unlock();
    event_acquire(this);
    return false;
  }
  __atomic_store_n(&runner_, me, __ATOMIC_RELAXED);
  return true;
}

void once::leave(bool ran) noexcept {
  __atomic_store_n(&runner_, nullptr, __ATOMIC_RELAXED);
  if (ran) {
    event_release(this);
    done_.store(true, std::memory_order_release);
  }
  m_.unlock();
}

}  // namespace vigil
