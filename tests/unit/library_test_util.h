// library_test_util.h — shared helpers for the concurrency library's unit tests.
//
// Fixtures run every test once per worker count (1, 2, 4, 8: Marl's habit),
// so a test that passes only because two tasks happen to run in parallel, or
// only because they happen not to, shows up. Waiting on a condition that no
// vigil primitive can express ("four readers are inside the lock at once")
// polls it with a generous limit and reports a timeout as a failure instead of
// hanging; nothing else waits by sleeping.

#ifndef VIGIL_TESTS_LIBRARY_TEST_UTIL_H
#define VIGIL_TESTS_LIBRARY_TEST_UTIL_H

#include <gtest/gtest.h>
#include <vigil/vigil.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include <signal.h>
#include <unistd.h>

namespace vigil_test {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

// The limit for conditions that should hold within microseconds: a loaded
// 2-core machine can still take a long while, so it is never tight.
inline constexpr auto kPatience = std::chrono::seconds(30);
// How long "it is still blocked" is observed before it is believed.
inline constexpr auto kStillBlocked = std::chrono::milliseconds(50);

// A test still running after this long is stuck (they take a few seconds at
// most): the watchdog names it and raises SIGQUIT, whose handler in vigil
// prints every task with its state and stack, then exits with status 2. An
// alarm rather than a watchdog thread: an extra thread would hide the global
// deadlock checks' mistakes from the tests that look for them.
inline constexpr unsigned kWatchdogSeconds = 60;

// Built into the detection variant of the suite (tests/unit/CMakeLists.txt).
#ifdef VIGIL_TESTS_UNDER_DETECTION
inline constexpr bool kUnderDetection = true;
#else
inline constexpr bool kUnderDetection = false;
#endif

namespace watchdog {
inline char g_test_name[256];
inline std::size_t g_test_name_len = 0;
inline void on_alarm(int) {
  static const char kHead[] = "\nwatchdog: test still running at its time limit: ";
  ssize_t ignored = write(2, kHead, sizeof kHead - 1);
  ignored = write(2, g_test_name, g_test_name_len);
  ignored = write(2, "\n", 1);
  (void)ignored;
  raise(SIGQUIT);
}
inline void arm() {
  static bool installed = [] {
    struct sigaction sa = {};
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGALRM, &sa, nullptr) == 0;
  }();
  (void)installed;
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  g_test_name_len = info ? static_cast<std::size_t>(std::snprintf(g_test_name, sizeof g_test_name, "%s.%s",
                                                                  info->test_suite_name(), info->name()))
                         : 0;
  if (g_test_name_len >= sizeof g_test_name) g_test_name_len = sizeof g_test_name - 1;
  alarm(kWatchdogSeconds);
}
inline void disarm() { alarm(0); }
}  // namespace watchdog

// Every TEST_P runs with VIGIL_PROCS = 1, 2, 4 and 8 worker threads, under
// the watchdog.
class procs_fixture : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    watchdog::arm();
    vigil::set_procs(GetParam());
  }
  void TearDown() override { watchdog::disarm(); }
};

inline std::string procs_name(const ::testing::TestParamInfo<int>& info) {
  return "procs" + std::to_string(info.param);
}

#define VIGIL_INSTANTIATE_PROCS(suite) \
  INSTANTIATE_TEST_SUITE_P(Procs, suite, ::testing::Values(1, 2, 4, 8), vigil_test::procs_name)

// xorshift64*: a task's own random stream (thread_local would belong to the
// worker, and std::mt19937 is too big to keep on a 64 KiB task stack by the
// thousand).
struct rng {
  explicit rng(std::uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Dull;
  }
  unsigned below(unsigned n) { return static_cast<unsigned>(next() % n); }
  std::uint64_t s;
};

// Yields with probability 1/k: perturbs the schedule of a stress test.
inline void maybe_yield(rng& r, unsigned k = 4) {
  if (r.below(k) == 0) vigil::yield();
}

// On main or a plain thread: polls pred until it holds or `limit` passes.
template <class Pred>
bool eventually(Pred pred, steady::duration limit = kPatience) {
  auto end = steady::now() + limit;
  for (unsigned spins = 0; !pred(); ++spins) {
    if (steady::now() > end) return pred();
    if (spins < 1000)
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

// In a task: polls pred, yielding the worker to other tasks in between.
template <class Pred>
bool task_eventually(Pred pred, steady::duration limit = kPatience) {
  auto end = steady::now() + limit;
  while (!pred()) {
    if (steady::now() > end) return pred();
    vigil::yield();
  }
  return true;
}

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), or -1.
inline long proc_status_kib(const char* field) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kib = -1;
  std::size_t n = std::strlen(field);
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, field, n) == 0 && line[n] == ':') {
      kib = std::strtol(line + n + 1, nullptr, 10);
      break;
    }
  std::fclose(f);
  return kib;
}

// Counts live instances (construction minus destruction) of a move-only
// payload, to see that channels destroy what they hold exactly once.
struct tracked {
  static inline std::atomic<long> live{0};
  explicit tracked(int v) : value(v) { live.fetch_add(1, std::memory_order_relaxed); }
  tracked(tracked&& o) noexcept : value(o.value) {
    o.value = -1;
    live.fetch_add(1, std::memory_order_relaxed);
  }
  tracked(const tracked&) = delete;
  tracked& operator=(const tracked&) = delete;
  ~tracked() { live.fetch_sub(1, std::memory_order_relaxed); }
  int value;
};

}  // namespace vigil_test

#endif  // VIGIL_TESTS_LIBRARY_TEST_UTIL_H
