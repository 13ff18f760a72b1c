// mutex_counter: threads incrementing a shared counter under a std::mutex.
//
// Every iteration is lock / two plain read-modify-writes / unlock on one
// contended std::mutex. This measures the cost of the detector's lock
// interceptors (acquire/release of the mutex's vector clock) plus the checked
// accesses to the protected data.
//
// usage: mutex_counter [threads=4]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

static constexpr std::uint64_t kItersPerThread = 2'000'000;

struct Shared {
  std::mutex mu;
  std::uint64_t counter = 0;  // guarded by mu
  std::uint64_t weighted = 0; // guarded by mu
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;

  Shared s;
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; ++t) {
    ts.emplace_back([&s, t] {
      for (std::uint64_t i = 0; i < kItersPerThread; ++i) {
        std::lock_guard<std::mutex> lock(s.mu);
        ++s.counter;
        s.weighted += t + 1;
      }
    });
  }
  for (auto &t : ts) t.join();

  std::uint64_t expect = kItersPerThread * threads;
  std::uint64_t expect_w = kItersPerThread * (static_cast<std::uint64_t>(threads) * (threads + 1) / 2);
  bool ok = s.counter == expect && s.weighted == expect_w;
  std::printf("mutex_counter: threads=%u counter=%llu weighted=%llu %s\n", threads,
              static_cast<unsigned long long>(s.counter),
              static_cast<unsigned long long>(s.weighted), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
