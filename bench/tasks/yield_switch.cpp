// yield_switch: the cost of one fiber switch — two tasks yielding to each other on one worker.
//
// With vigil::set_procs(1) two tasks each call vigil::yield() kYields times,
// so every yield hands the only worker to the other task (task -> scheduler
// -> other task). Each task counts, through a relaxed atomic naming the last
// runner, the yields after which the other task had run: at least half of all
// yields must be real handoffs, or the number below would time no-ops. main
// times the whole exchange and prints ns_per_switch = elapsed / yields, which
// bench/run reads (detection cost of a switch: the detector changes owner).
// Twin: go/yield_switch/main.go (runtime.GOMAXPROCS(1), runtime.Gosched).
//
// usage: yield_switch
#include <vigil/vigil.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace {
constexpr int kYields = 2'000'000;  // per task
}  // namespace

int main() {
  vigil::set_procs(1);
  std::atomic<int> last_runner{-1};
  std::int64_t handoffs[2] = {};  // each slot written by its task, read by main after wait()
  vigil::wait_group wg;
  wg.add(2);
  const auto t0 = std::chrono::steady_clock::now();
  for (int id = 0; id < 2; ++id)
    vigil::go([&, id] {
      for (int i = 0; i < kYields; ++i) {
        vigil::yield();
        if (last_runner.exchange(id, std::memory_order_relaxed) != id) ++handoffs[id];
      }
      wg.done();
    });
  wg.wait();
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  const std::int64_t yields = 2 * std::int64_t{kYields};
  const std::int64_t switched = handoffs[0] + handoffs[1];
  const bool ok = switched >= yields / 2;
  std::printf("yield_switch: yields=%lld handoffs=%lld ns_per_switch=%.1f %s\n",
              static_cast<long long>(yields), static_cast<long long>(switched), ns / yields,
              ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
