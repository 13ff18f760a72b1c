// hash_map_mutex: a std::unordered_map shared by all threads under one
// std::mutex, with mixed lookups (7 in 8) and inserts/updates (1 in 8) of
// pseudo-random keys.
//
// The common shape of a cache or a registry in real code: every operation
// is a lock, a hash-table walk through nodes other threads allocated and
// wrote, and an unlock; inserts allocate under the lock. Exercises the
// mutex's acquire/release, reads of words last written in another thread's
// epoch, and malloc in the critical section.
//
// usage: hash_map_mutex [threads=4]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

static constexpr uint64_t kKeys = 1 << 16;
static constexpr long kOpsPerThread = 500'000;

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;
  std::mutex mu;
  std::unordered_map<uint64_t, uint64_t> map;
  std::vector<long> inserts(threads), hits(threads);
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; t++)
    ts.emplace_back([&, t] {
      uint64_t x = 0x9E3779B97F4A7C15ull * (t + 1);
      for (long i = 0; i < kOpsPerThread; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t key = x % kKeys;
        std::lock_guard<std::mutex> l(mu);
        if ((x >> 32) % 8 == 0) {
          map[key] += 1;
          inserts[t]++;
        } else if (auto it = map.find(key); it != map.end()) {
          hits[t] += it->second != 0;
        }
      }
    });
  for (auto &t : ts) t.join();
  long total_inserts = 0, total_values = 0;
  for (long n : inserts) total_inserts += n;
  for (auto &kv : map) total_values += static_cast<long>(kv.second);
  bool ok = total_values == total_inserts && map.size() <= kKeys;
  std::printf("hash_map_mutex: threads=%u keys=%zu inserts=%ld %s\n", threads, map.size(), total_inserts,
              ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
