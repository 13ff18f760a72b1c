// spawn: many short tasks, started in batches and joined by a wait_group.
//
// main starts kBatches batches of kTasksPerBatch tasks (Go's
// `wg.Add(n); for ... { go f(i) }; wg.Wait()`). Each task writes its own slot
// of a vector that main sums after wait(): plain memory ordered only by go()
// and the wait_group. Measures task creation, start and exit; under detection
// also each task's clock and shadow stack, and the reuse of finished tasks'
// clock slots. Twin: go/spawn/main.go.
//
// usage: spawn
#include <vigil/vigil.h>

#include <cstdint>
#include <cstdio>
#include <vector>

namespace {
constexpr int kBatches = 300;
constexpr int kTasksPerBatch = 1'000;
}  // namespace

int main() {
  std::vector<std::int64_t> slot(kTasksPerBatch);
  std::int64_t sum = 0;
  for (int b = 0; b < kBatches; ++b) {
    vigil::wait_group wg;
    wg.add(kTasksPerBatch);
    for (int i = 0; i < kTasksPerBatch; ++i)
      vigil::go([&slot, &wg, b, i] {
        slot[i] = std::int64_t{b} * kTasksPerBatch + i;
        wg.done();
      });
    wg.wait();
    for (std::int64_t v : slot) sum += v;
  }
  const std::int64_t n = std::int64_t{kBatches} * kTasksPerBatch;
  const bool ok = sum == n * (n - 1) / 2;
  std::printf("spawn: tasks=%lld sum=%lld %s\n", static_cast<long long>(n),
              static_cast<long long>(sum), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
