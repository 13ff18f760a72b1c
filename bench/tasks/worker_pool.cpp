// worker_pool: N workers read jobs from a channel and send results on another.
//
// main fills an input table, then a feeder task sends job indices on `jobs`
// (capacity kCap) and closes it; kWorkers workers range over `jobs`, read
// their input entry and send a result on `results` (capacity kCap); a closer
// task waits for the workers' wait_group and closes `results`; main ranges
// over `results` and sums (Go's worker-pool pattern). Under detection: reads
// of main's table ordered by go(), contended buffered channels with several
// senders and receivers, and the wait_group. Twin: go/worker_pool/main.go.
//
// usage: worker_pool
#include <vigil/vigil.h>

#include <cstdint>
#include <cstdio>
#include <vector>

namespace {
constexpr int kWorkers = 4;
constexpr int kJobs = 500'000;
constexpr int kCap = 128;
}  // namespace

int main() {
  std::vector<std::int64_t> input(kJobs);
  for (int i = 0; i < kJobs; ++i) input[i] = i;

  vigil::chan<int> jobs = vigil::make_chan<int>(kCap);
  vigil::chan<std::int64_t> results = vigil::make_chan<std::int64_t>(kCap);
  vigil::wait_group workers;
  workers.add(kWorkers);
  for (int w = 0; w < kWorkers; ++w)
    vigil::go([jobs, results, &input, &workers] {
      for (int j : jobs) results.send(input[j] * 2 + 1);
      workers.done();
    });
  vigil::go([jobs] {
    for (int j = 0; j < kJobs; ++j) jobs.send(j);
    jobs.close();
  });
  vigil::go([results, &workers] {
    workers.wait();
    results.close();
  });
  std::int64_t sum = 0, count = 0;
  for (std::int64_t r : results) {
    sum += r;
    ++count;
  }
  const std::int64_t n = kJobs;
  const bool ok = count == n && sum == n * (n - 1) + n;  // sum of 2i+1 for i < n
  std::printf("worker_pool: workers=%d jobs=%d sum=%lld %s\n", kWorkers, kJobs,
              static_cast<long long>(sum), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
