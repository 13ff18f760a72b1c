// raw_lock.h — the one lock of vigil's own internals, shared by the library
// (libvigil.so, and the public types that embed it) and the detector
// (libvigil_detect.so). Header-only: both link units, and user code that
// inlines the library's templates, get their own copy of the same code, so
// neither .so exports it to the other.
//
// Never a pthread mutex: the detector's interceptors must not see vigil
// synchronize with itself. A futex lock whose unlock is a plain store: the
// word is 0 free, 1 held; a waiter spins briefly (a critical section is a few
// dozen instructions), then counts itself in `sleepers_` and sleeps on the
// word; unlock wakes one sleeper only if the count says so.
//
// Why a plain store is enough (an asymmetric Dekker pattern, as the wait
// checks' in sched/timer.cpp): unlock stores 0 then loads sleepers_; a
// sleeper increments sleepers_ then loads the word. Each side needs a
// store-load barrier or both may miss the other (the unlocker sees no
// sleeper, the sleeper sees the lock held, and sleeps for ever). Unlocks are
// every channel operation's; sleeps are rare (a holder preempted mid-section),
// so the sleeper pays for both: after counting itself it calls membarrier(2)
// (private expedited), which makes every running thread of the process
// execute a full barrier. The unlocker's store and load stay in program order
// (a compiler barrier); the kernel's barrier falls either before its load
// (which then sees the count) or after its store (which the sleeper's next
// load then sees: it does not sleep, or futex_wait returns at once). An
// unlock that starts after the membarrier sees the count. Where membarrier is
// refused, a sleeper wakes every millisecond to look again: slower, never
// stuck. With more threads than cores a holder may be preempted: spinning
// longer or yielding would burn its time.
#ifndef VIGIL_DETAIL_RAW_LOCK_H
#define VIGIL_DETAIL_RAW_LOCK_H

#include <atomic>
#include <cstdint>
#include <ctime>

#include <linux/futex.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "thread_safety.h"

namespace vigil::detail {

// A full memory barrier executed by every running thread of the process
// (membarrier(2), private expedited): the expensive half of an asymmetric
// barrier pair, whose cheap half is a compiler barrier. False if the kernel
// refuses it even after registering. Also the wait checks' (sched/timer.cpp).
inline bool process_barrier() noexcept {
  if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0) return true;
  // Not registered yet in this process (or this forked child): registering is
  // idempotent and process-wide.
  syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
  return syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0;
}

class VIGIL_CAPABILITY("mutex") raw_lock {
 public:
  constexpr raw_lock() noexcept = default;
  raw_lock(const raw_lock&) = delete;
  raw_lock& operator=(const raw_lock&) = delete;

  void lock() noexcept VIGIL_ACQUIRE() {
    std::uint32_t expected = 0;
    if (__builtin_expect(!word_.compare_exchange_strong(expected, 1, std::memory_order_acquire,
                                                        std::memory_order_relaxed), 0))
      lock_slow();
  }
  bool try_lock() noexcept VIGIL_TRY_ACQUIRE(true) {
    std::uint32_t expected = 0;
    return word_.compare_exchange_strong(expected, 1, std::memory_order_acquire, std::memory_order_relaxed);
  }
  void unlock() noexcept VIGIL_RELEASE() {
    word_.store(0, std::memory_order_release);
    std::atomic_signal_fence(std::memory_order_seq_cst);  // the load stays after the store (see above)
    if (__builtin_expect(sleepers_.load(std::memory_order_relaxed) != 0, 0)) wake();
  }
  // Tells the thread-safety analysis that the caller holds this lock (a lock
  // handed over by the function that took it).
  void assert_held() const noexcept VIGIL_ASSERT_CAPABILITY(this) {}

 private:
  static constexpr int kSpinsBeforeSleep = 100;

  __attribute__((noinline)) void lock_slow() noexcept {
    for (int i = 0; i < kSpinsBeforeSleep; ++i) {
      __builtin_ia32_pause();
      std::uint32_t expected = 0;
      if (word_.load(std::memory_order_relaxed) == 0 &&
          word_.compare_exchange_weak(expected, 1, std::memory_order_acquire, std::memory_order_relaxed))
        return;
    }
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    bool exact = process_barrier();  // the sleeper's half of the pair (top of this file)
    for (;;) {
      std::uint32_t expected = 0;
      if (word_.load(std::memory_order_relaxed) == 0 &&
          word_.compare_exchange_strong(expected, 1, std::memory_order_acquire, std::memory_order_relaxed))
        break;
      if (exact) {
        syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word_), FUTEX_WAIT_PRIVATE, 1, nullptr, nullptr, 0);
      } else {
        timespec ms{0, 1000000};
        syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word_), FUTEX_WAIT_PRIVATE, 1, &ms, nullptr, 0);
      }
    }
    sleepers_.fetch_sub(1, std::memory_order_relaxed);
  }
  __attribute__((noinline)) void wake() noexcept {
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }

  std::atomic<std::uint32_t> word_{0};
  std::atomic<std::uint32_t> sleepers_{0};  // waiters counted before they sleep (lock_slow)
};
static_assert(sizeof(raw_lock) == 8, "embedded in sync objects and public types");

// Holds a raw_lock (or another lock of the same shape: the detector's
// spin_lock) for a scope.
template <class Lock = raw_lock>
class VIGIL_SCOPED_CAPABILITY raw_lock_guard {
 public:
  explicit raw_lock_guard(Lock& l) noexcept VIGIL_ACQUIRE(l) : l_(l) { l_.lock(); }
  ~raw_lock_guard() VIGIL_RELEASE() { l_.unlock(); }
  raw_lock_guard(const raw_lock_guard&) = delete;
  raw_lock_guard& operator=(const raw_lock_guard&) = delete;

 private:
  Lock& l_;
};

}  // namespace vigil::detail

#endif  // VIGIL_DETAIL_RAW_LOCK_H
