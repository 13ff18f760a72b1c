// atomic_counter: std::atomic fetch_add on shared counters with mixed orders.
//
// Each iteration does a relaxed, an acq_rel and a seq_cst fetch_add on shared
// counters and an acquire load, so the detector's atomic path (and, for
// acquire/release orders, its clock joins on the atomic's sync object) is
// exercised under contention. A plain per-thread slot is published with a
// release store and read back by main after join.
//
// usage: atomic_counter [threads=4]
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr std::uint64_t kItersPerThread = 12'000'000;

struct alignas(64) Padded {
  std::atomic<std::uint64_t> v{0};
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;

  Padded relaxed, acq_rel, seq_cst;
  std::atomic<std::uint64_t> observed_max{0};
  std::vector<std::uint64_t> local(threads);  // each thread writes only its own slot

  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      std::uint64_t seen = 0, mine = 0;
      for (std::uint64_t i = 0; i < kItersPerThread; ++i) {
        switch (i & 3) {
        case 0: relaxed.v.fetch_add(1, std::memory_order_relaxed); break;
        case 1: acq_rel.v.fetch_add(1, std::memory_order_acq_rel); break;
        case 2: seq_cst.v.fetch_add(1, std::memory_order_seq_cst); break;
        case 3: {
          std::uint64_t x = seq_cst.v.load(std::memory_order_acquire);
          if (x > seen) seen = x;
          break;
        }
        }
        ++mine;
      }
      local[t] = mine;
      std::uint64_t cur = observed_max.load(std::memory_order_relaxed);
      while (seen > cur && !observed_max.compare_exchange_weak(cur, seen, std::memory_order_release,
                                                               std::memory_order_relaxed)) {
      }
    });
  }
  for (auto &t : ts) t.join();

  std::uint64_t n = kItersPerThread * threads;
  std::uint64_t sum_local = 0;
  for (auto x : local) sum_local += x;
  std::uint64_t r = relaxed.v.load(), a = acq_rel.v.load(), s = seq_cst.v.load();
  bool ok = r == n / 4 && a == n / 4 && s == n / 4 && sum_local == n && observed_max.load() <= s;
  std::printf("atomic_counter: threads=%u relaxed=%llu acq_rel=%llu seq_cst=%llu %s\n", threads,
              static_cast<unsigned long long>(r), static_cast<unsigned long long>(a),
              static_cast<unsigned long long>(s), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
