// spawn_join: thousands of short-lived std::threads.
//
// The main thread repeatedly starts a batch of `threads` std::threads, each of
// which writes its own result slot (plain store) and bumps a shared atomic, and
// then joins the batch and reads the slots. This measures thread creation and
// teardown cost in the detector (thread registry, clock/shadow-stack setup,
// happens-before edges for create and join).
//
// usage: spawn_join [threads=4]
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr unsigned kTotalThreads = 8000;

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;
  unsigned batches = kTotalThreads / threads;

  std::atomic<std::uint64_t> started{0};
  std::vector<std::uint64_t> slot(threads);
  std::uint64_t total = 0, spawned = 0;
  for (unsigned b = 0; b < batches; ++b) {
    std::vector<std::thread> ts;
    ts.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
      ts.emplace_back([&slot, &started, b, t] {
        std::uint64_t x = b * 131u + t;
        for (int k = 0; k < 16; ++k) x = x * 6364136223846793005ull + 1442695040888963407ull;
        slot[t] = x;  // plain write, ordered before main's read by join()
        started.fetch_add(1, std::memory_order_relaxed);
      });
    }
    for (auto &t : ts) t.join();
    for (unsigned t = 0; t < threads; ++t) total ^= slot[t];
    spawned += threads;
  }

  std::uint64_t expect = 0;
  for (unsigned b = 0; b < batches; ++b)
    for (unsigned t = 0; t < threads; ++t) {
      std::uint64_t x = b * 131u + t;
      for (int k = 0; k < 16; ++k) x = x * 6364136223846793005ull + 1442695040888963407ull;
      expect ^= x;
    }
  bool ok = started.load() == spawned && total == expect;
  std::printf("spawn_join: threads=%u batches=%u spawned=%llu checksum=%llx %s\n", threads, batches,
              static_cast<unsigned long long>(spawned), static_cast<unsigned long long>(total),
              ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
