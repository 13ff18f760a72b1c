// raw_lock.h — the one lock of vigil's own internals, shared by the library
// (libvigil.so, and the public types that embed it) and the detector
// (libvigil_detect.so). Header-only: both link units, and user code that
// inlines the library's templates, get their own copy of the same code, so
// neither .so exports it to the other.
//
// Never a pthread mutex: the detector's interceptors must not see vigil
// synchronize with itself. Drepper's futex mutex ("Futexes are tricky",
// mutex 2): the word is 0 free, 1 held, 2 held with possible sleepers. A
// waiter spins briefly (a critical section is a few dozen instructions), then
// marks the word contended and sleeps on it; unlock wakes one sleeper only if
// the word said so. With more threads than cores a holder may be preempted:
// spinning longer or yielding would burn its time.
#ifndef VIGIL_DETAIL_RAW_LOCK_H
#define VIGIL_DETAIL_RAW_LOCK_H

#include <atomic>
#include <cstdint>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "thread_safety.h"

namespace vigil::detail {

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
    if (__builtin_expect(word_.exchange(0, std::memory_order_release) == 2, 0)) wake();
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
    // Mark the lock contended; whoever unlocks it then wakes one sleeper.
    while (word_.exchange(2, std::memory_order_acquire) != 0)
      syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word_), FUTEX_WAIT_PRIVATE, 2, nullptr, nullptr, 0);
  }
  __attribute__((noinline)) void wake() noexcept {
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }

  std::atomic<std::uint32_t> word_{0};
};
static_assert(sizeof(raw_lock) == 4, "embedded in sync objects and public types");

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
