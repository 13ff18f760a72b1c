// threadpool_driver: drives progschj/ThreadPool (header-only, no tests of its
// own) for `bench/run suites`: a pool of 4 workers runs 200,000 tasks, each
// returning a value through its std::future; main sums the values and checks
// the sum. Each task reads a table main filled before the pool started, so the
// only ordering is the pool's own: thread creation, the queue mutex and
// condition variable, and the packaged_task/future hand-off of each result.
// Race-free: a detector report here is a false positive.
//
// Built by bench/run suites with the ThreadPool repository's root on the
// include path (see SUITES in bench/run); prints one line ending in OK.
#include "ThreadPool.h"

#include <cstdio>
#include <future>
#include <vector>

int main() {
  const int kWorkers = 4;
  const long kTasks = 200000;
  const long kTable = 4096;

  std::vector<long long> table(kTable);
  for (long i = 0; i < kTable; ++i)
    table[i] = (i * 7919) % 1000;

  long long sum = 0;
  {
    ThreadPool pool(kWorkers);
    std::vector<std::future<long long>> results;
    results.reserve(kTasks);
    for (long i = 0; i < kTasks; ++i)
      results.emplace_back(pool.enqueue(
          [&table](long k) { return table[k % table.size()] + k; }, i));
    for (auto &f : results)
      sum += f.get();
  }  // the pool's destructor joins the workers

  long long expected = 0;
  for (long i = 0; i < kTasks; ++i)
    expected += table[i % kTable] + i;

  if (sum != expected) {
    std::printf("threadpool_driver: %ld tasks on %d workers: sum %lld, expected %lld FAIL\n", kTasks,
                kWorkers, sum, expected);
    return 1;
  }
  std::printf("threadpool_driver: %ld tasks on %d workers, sum %lld OK\n", kTasks, kWorkers, sum);
  return 0;
}
