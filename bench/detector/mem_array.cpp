// mem_array: memory-heavy loop over a large array, each thread its own slice.
//
// A 64 MiB array of uint32_t is split into one contiguous slice per thread;
// every thread runs several read-modify-write passes over its slice and then
// sums it. No sharing between threads at all: this measures the raw per-access
// cost of the detector (shadow memory lookups/updates) on a streaming workload.
//
// usage: mem_array [threads=4]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr std::size_t kElems = (64u << 20) / sizeof(std::uint32_t);  // 64 MiB
static constexpr unsigned kPasses = 40;

static inline std::uint32_t step(std::uint32_t x, std::size_t i, unsigned p) {
  return x * 2654435761u + static_cast<std::uint32_t>(i ^ p);
}

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;

  std::vector<std::uint32_t> a(kElems);
  for (std::size_t i = 0; i < kElems; ++i) a[i] = static_cast<std::uint32_t>(i);
  std::vector<std::uint64_t> partial(threads);

  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; ++t) {
    ts.emplace_back([&a, &partial, t, threads] {
      std::size_t lo = kElems * t / threads, hi = kElems * (t + 1) / threads;
      std::uint32_t *p = a.data();
      for (unsigned pass = 0; pass < kPasses; ++pass)
        for (std::size_t i = lo; i < hi; ++i) p[i] = step(p[i], i, pass);
      std::uint64_t sum = 0;
      for (std::size_t i = lo; i < hi; ++i) sum += p[i];
      partial[t] = sum;
    });
  }
  for (auto &t : ts) t.join();

  std::uint64_t total = 0;
  for (auto s : partial) total += s;

  // Self-check: recompute a sample of elements serially, and the total from
  // the array (after join, the main thread may read everything).
  bool ok = true;
  for (std::size_t i = 0; i < kElems; i += 4099) {
    std::uint32_t x = static_cast<std::uint32_t>(i);
    for (unsigned pass = 0; pass < kPasses; ++pass) x = step(x, i, pass);
    if (a[i] != x) { ok = false; break; }
  }
  std::uint64_t check = 0;
  for (std::size_t i = 0; i < kElems; ++i) check += a[i];
  ok = ok && check == total;

  std::printf("mem_array: threads=%u elems=%zu passes=%u sum=%llu %s\n", threads, kElems,
              kPasses, static_cast<unsigned long long>(total), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
