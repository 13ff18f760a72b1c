// futex.h — the only way vigil's library threads sleep: raw futex system calls
// (no pthread primitive the detector's interceptors would see).

#ifndef VIGIL_SCHED_FUTEX_H
#define VIGIL_SCHED_FUTEX_H

#include <atomic>
#include <cstdint>
#include <ctime>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace vigil::detail {

// Sleeps while *word == expected (spurious wake-ups possible: callers loop).
inline void futex_wait(std::atomic<std::uint32_t>* word, std::uint32_t expected) noexcept {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAIT_PRIVATE, expected,
          nullptr, nullptr, 0);
}

// Sleeps while *word == expected, until the absolute CLOCK_MONOTONIC time `deadline_ns`.
inline void futex_wait_until(std::atomic<std::uint32_t>* word, std::uint32_t expected,
                             std::int64_t deadline_ns) noexcept {
  timespec ts{static_cast<time_t>(deadline_ns / 1000000000), static_cast<long>(deadline_ns % 1000000000)};
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word),
          FUTEX_WAIT_BITSET_PRIVATE, expected, &ts, nullptr, FUTEX_BITSET_MATCH_ANY);
}

inline void futex_wake(std::atomic<std::uint32_t>* word, int n) noexcept {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAKE_PRIVATE, n, nullptr,
          nullptr, 0);
}

inline void cpu_relax() noexcept { __builtin_ia32_pause(); }

}  // namespace vigil::detail

#endif  // VIGIL_SCHED_FUTEX_H
