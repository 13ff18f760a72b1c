// mutex_table: 128k mutexes in a table (lock striping, per-bucket locks).
//
// Each thread locks pseudo-random entries of a table of 131072 std::mutex,
// updates the entry's counter and unlocks. Every mutex is a sync object: the
// detector must find one among many fast and keep each small.
//
// usage: mutex_table [threads=4]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

static constexpr size_t kEntries = 128 * 1024;
static constexpr long kOpsPerThread = 1'000'000;

struct entry {
  std::mutex mu;
  long count = 0;
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;
  auto *table = new entry[kEntries];
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; t++)
    ts.emplace_back([table, t] {
      uint64_t x = 0x9E3779B97F4A7C15ull * (t + 1);
      for (long i = 0; i < kOpsPerThread; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        entry &e = table[x % kEntries];
        std::lock_guard<std::mutex> l(e.mu);
        e.count++;
      }
    });
  for (auto &t : ts) t.join();
  long total = 0;
  for (size_t i = 0; i < kEntries; i++) total += table[i].count;
  delete[] table;
  bool ok = total == kOpsPerThread * static_cast<long>(threads);
  std::printf("mutex_table: threads=%u entries=%zu %s\n", threads, kEntries, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
