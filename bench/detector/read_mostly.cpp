// read_mostly: many threads reading a shared std::vector<int> (~1M elements)
// under a std::shared_mutex, with occasional writes under the exclusive lock.
//
// Every thread repeatedly sums a window of the vector under a shared_lock;
// every kWriteEvery-th round it takes the exclusive lock and moves one unit
// between two elements (so the total stays constant). Full-vector sums under
// the shared lock must always see the invariant total. This measures checked
// reads of memory last written by another thread (shadow cells shared by all
// readers) and reader/writer lock interception.
//
// usage: read_mostly [threads=4]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

static constexpr std::size_t kElems = 1u << 20;     // ~1M ints
static constexpr std::size_t kWindow = 1u << 16;    // elements summed per read round
static constexpr unsigned kRoundsPerThread = 2800;
static constexpr unsigned kWriteEvery = 16;         // 1 in 16 rounds writes
static constexpr unsigned kFullEvery = 64;          // 1 in 64 rounds sums everything

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;

  std::shared_mutex mu;
  std::vector<int> v(kElems);  // written by main before the threads start (published by thread creation)
  std::int64_t expect = 0;
  for (std::size_t i = 0; i < kElems; ++i) {
    v[i] = static_cast<int>(i % 1000);
    expect += v[i];
  }
  std::vector<std::uint64_t> acc(threads);
  std::vector<unsigned> bad(threads);

  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      std::uint64_t a = 0;
      unsigned errors = 0;
      std::uint32_t rng = 0x9e3779b9u * (t + 1);
      for (unsigned r = 0; r < kRoundsPerThread; ++r) {
        rng = rng * 1664525u + 1013904223u;
        if (r % kWriteEvery == kWriteEvery - 1) {
          std::unique_lock<std::shared_mutex> lock(mu);
          std::size_t from = rng % kElems, to = (rng >> 7) % kElems;
          v[from] -= 1;
          v[to] += 1;
        } else if (r % kFullEvery == 0) {
          std::shared_lock<std::shared_mutex> lock(mu);
          std::int64_t s = 0;
          for (std::size_t i = 0; i < kElems; ++i) s += v[i];
          if (s != expect) ++errors;
          a += static_cast<std::uint64_t>(s);
        } else {
          std::shared_lock<std::shared_mutex> lock(mu);
          std::size_t lo = (rng >> 3) % (kElems - kWindow);
          std::int64_t s = 0;
          for (std::size_t i = lo; i < lo + kWindow; ++i) s += v[i];
          a += static_cast<std::uint64_t>(s);
        }
      }
      acc[t] = a;
      bad[t] = errors;
    });
  }
  for (auto &t : ts) t.join();

  std::int64_t final_sum = 0;
  for (int x : v) final_sum += x;
  unsigned errors = 0;
  std::uint64_t checksum = 0;
  for (unsigned t = 0; t < threads; ++t) {
    errors += bad[t];
    checksum ^= acc[t];
  }
  bool ok = errors == 0 && final_sum == expect;
  std::printf("read_mostly: threads=%u elems=%zu rounds=%u total=%lld checksum=%llx %s\n", threads,
              kElems, kRoundsPerThread, static_cast<long long>(final_sum),
              static_cast<unsigned long long>(checksum), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
