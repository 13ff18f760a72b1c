// mutex_counter: many tasks increment shared counters under one vigil::mutex.
//
// kTasks tasks each do kIncrements lock / two plain read-modify-writes /
// unlock on one vigil::mutex, then main checks both counters after a
// wait_group. Contended: a task that finds the mutex held parks, and unlock
// wakes it. Under detection: the mutex's acquire/release edges and the checked
// accesses to the protected counters. Twin: go/mutex_counter/main.go.
//
// usage: mutex_counter
#include <vigil/vigil.h>

#include <cstdint>
#include <cstdio>
#include <mutex>

namespace {
constexpr int kTasks = 16;
constexpr int kIncrements = 800'000;  // per task

struct shared {
  vigil::mutex mu;
  std::int64_t counter = 0;   // guarded by mu
  std::int64_t weighted = 0;  // guarded by mu
};
}  // namespace

int main() {
  shared s;
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int t = 0; t < kTasks; ++t)
    vigil::go([&s, &wg, t] {
      for (int i = 0; i < kIncrements; ++i) {
        std::lock_guard lock(s.mu);
        ++s.counter;
        s.weighted += t + 1;
      }
      wg.done();
    });
  wg.wait();
  const std::int64_t want = std::int64_t{kTasks} * kIncrements;
  const std::int64_t want_weighted = std::int64_t{kIncrements} * kTasks * (kTasks + 1) / 2;
  const bool ok = s.counter == want && s.weighted == want_weighted;
  std::printf("mutex_counter: tasks=%d counter=%lld weighted=%lld %s\n", kTasks,
              static_cast<long long>(s.counter), static_cast<long long>(s.weighted),
              ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
