// parallel_sort: a large array sorted by threads, each its own slice
// (std::sort), then merged pairwise by threads of the next round until one
// run is left; main checks the result.
//
// Data-parallel code with no synchronization inside the hot loops, only
// thread creation and join between rounds: nearly every access is to memory
// the same thread touched moments ago (the same-epoch fast path), with the
// slices handed from one round's threads to the next's through join and
// create.
//
// usage: parallel_sort [threads=4]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr size_t kElements = 4 * 1024 * 1024;

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;
  std::vector<uint32_t> a(kElements), tmp(kElements);
  uint64_t x = 0x2545F4914F6CDD1Dull, sum = 0;
  for (auto &v : a) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    v = static_cast<uint32_t>(x);
    sum += v;
  }
  // Slice bounds: threads runs, then merged pairwise.
  std::vector<size_t> bounds;
  for (unsigned t = 0; t <= threads; t++) bounds.push_back(kElements * t / threads);
  {
    std::vector<std::thread> ts;
    for (unsigned t = 0; t < threads; t++)
      ts.emplace_back([&, t] { std::sort(a.begin() + bounds[t], a.begin() + bounds[t + 1]); });
    for (auto &t : ts) t.join();
  }
  while (bounds.size() > 2) {
    std::vector<size_t> next;
    std::vector<std::thread> ts;
    for (size_t i = 0; i + 1 < bounds.size(); i += 2) {
      next.push_back(bounds[i]);
      if (i + 2 < bounds.size()) {
        size_t lo = bounds[i], mid = bounds[i + 1], hi = bounds[i + 2];
        ts.emplace_back([&, lo, mid, hi] {
          std::merge(a.begin() + lo, a.begin() + mid, a.begin() + mid, a.begin() + hi, tmp.begin() + lo);
          std::copy(tmp.begin() + lo, tmp.begin() + hi, a.begin() + lo);
        });
      }
    }
    next.push_back(bounds.back());
    for (auto &t : ts) t.join();
    bounds.swap(next);
  }
  uint64_t after = 0;
  for (auto v : a) after += v;
  bool ok = std::is_sorted(a.begin(), a.end()) && after == sum;
  std::printf("parallel_sort: threads=%u elements=%zu %s\n", threads, kElements, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
