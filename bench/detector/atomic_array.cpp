// atomic_array: arrays of atomics allocated, used with acquire/release, freed.
//
// Lock-free containers keep an atomic per slot (sequence numbers, flags,
// hazard pointers) and allocate and free such arrays all the time. Each round
// allocates a vector of 64k atomic<long>, the threads publish into their own
// stripes with release stores and read the neighbours' with acquire loads,
// then the array is freed: the detector's sync objects for the array are
// created, used and destroyed every round.
//
// usage: atomic_array [threads=4]
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr int kRounds = 120;
static constexpr size_t kSlots = 64 * 1024;

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;
  long total = 0;
  for (int round = 0; round < kRounds; round++) {
    auto *slots = new std::vector<std::atomic<long>>(kSlots);
    std::vector<long> sums(threads);
    std::vector<std::thread> ts;
    for (unsigned t = 0; t < threads; t++)
      ts.emplace_back([&, t] {
        size_t lo = kSlots * t / threads, hi = kSlots * (t + 1) / threads;
        for (size_t i = lo; i < hi; i++) (*slots)[i].store(static_cast<long>(i), std::memory_order_release);
        long s = 0;
        for (size_t i = 0; i < kSlots; i += 3) s += (*slots)[i].load(std::memory_order_acquire);
        sums[t] = s;
      });
    for (auto &t : ts) t.join();
    for (long s : sums) total += s > 0 ? 1 : 0;
    delete slots;
  }
  bool ok = total > 0;
  std::printf("atomic_array: threads=%u rounds=%d %s\n", threads, kRounds, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
