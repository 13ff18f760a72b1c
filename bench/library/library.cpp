// library.cpp — Google Benchmark micro-benchmarks of vigil's concurrency library.
//
// Each benchmark is the twin of one in bench/go/library_test.go: the same
// workload, the same sizes, the same unit (bench/README.md lists them). An
// iteration runs one whole workload, a fixed number of operations, in a fresh
// task while main waits, as the Go side runs it in a fresh goroutine while the
// benchmark goroutine waits; the one wake-up of main per iteration is noise
// against thousands of operations. Times are real time (main only waits, so
// its CPU time means nothing), reported as items_per_second with one item per
// operation; bench/run turns that into ns per operation. Each workload checks
// its result and fails with SkipWithError when it is wrong.
//
//   vigil-clang++ --no-detect -O2 library.cpp -lbenchmark -o library
//   ./library --benchmark_filter='^pipeline$' --benchmark_format=json

#include <vigil/vigil.h>

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace {

// Sizes: keep equal to the constants in bench/go/library_test.go.
constexpr int kSpawnTasks = 10'000;
constexpr int kPingPongRounds = 20'000;
constexpr int kBufferedItems = 200'000;
constexpr int kBufferedCap = 128;
constexpr int kSelects = 200'000;
constexpr int kPoolWorkers = 4;
constexpr int kPoolJobs = 1'000'000;
constexpr int kPoolCap = 128;
constexpr int kPipelineItems = 1'000'000;
constexpr int kCounterTasks = 4;
constexpr int kMutexIncrements = 250'000;    // per task
constexpr int kAtomicIncrements = 1'000'000;  // per task
// Keep equal to the harness's -test.benchtime for Go.
constexpr double kMinTimeSeconds = 0.2;

// Runs f() in a new task and returns when it has returned.
template <class F>
void run_in_task(F&& f) {
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    f();
    wg.done();
  });
  wg.wait();
}

// spawn starts n tasks that each only call done(), and waits for them.
void spawn(int n) {
  vigil::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; ++i) vigil::go([&wg] { wg.done(); });
  wg.wait();
}

// ping_pong bounces `rounds` values off an echo task over unbuffered channels;
// it returns the sum of the values that came back.
std::int64_t ping_pong(int rounds) {
  vigil::chan<int> ping = vigil::make_chan<int>(), pong = vigil::make_chan<int>();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([ping, pong, &wg] {
    for (int v : ping) pong.send(v);
    wg.done();
  });
  std::int64_t sum = 0;
  for (int i = 0; i < rounds; ++i) {
    ping.send(i);
    sum += *pong.recv();
  }
  ping.close();
  wg.wait();
  return sum;
}

// buffered streams `items` values from a producer task through a buffered
// channel; it returns their sum.
std::int64_t buffered(int items) {
  vigil::chan<int> c = vigil::make_chan<int>(kBufferedCap);
  vigil::go([c, items] {
    for (int i = 0; i < items; ++i) c.send(i);
    c.close();
  });
  std::int64_t sum = 0;
  for (int v : c) sum += v;
  return sum;
}

// select2 selects n times over two channels that always hold a value: the
// chosen case puts its value back. It returns how often the first case won.
int select2(int n) {
  vigil::chan<int> a = vigil::make_chan<int>(1), b = vigil::make_chan<int>(1);
  a.send(0);
  b.send(1);
  int first = 0;
  for (int i = 0; i < n; ++i)
    vigil::select(vigil::on_recv(a,
                                 [&](std::optional<int> v) {
                                   a.send(*v);
                                   ++first;
                                 }),
                  vigil::on_recv(b, [&](std::optional<int> v) { b.send(*v); }));
  return first;
}

// worker_pool is the classic pool: a producer feeds jobs to kPoolWorkers
// workers that send job*2 to results; it returns the sum of the results.
std::int64_t worker_pool(int n) {
  vigil::chan<int> jobs = vigil::make_chan<int>(kPoolCap);
  vigil::chan<std::int64_t> results = vigil::make_chan<std::int64_t>(kPoolCap);
  vigil::wait_group workers;
  workers.add(kPoolWorkers);
  for (int w = 0; w < kPoolWorkers; ++w)
    vigil::go([jobs, results, &workers] {
      for (int j : jobs) results.send(std::int64_t{j} * 2);
      workers.done();
    });
  vigil::go([jobs, n] {
    for (int i = 0; i < n; ++i) jobs.send(i);
    jobs.close();
  });
  vigil::go([results, &workers] {
    workers.wait();
    results.close();
  });
  std::int64_t sum = 0;
  for (std::int64_t r : results) sum += r;
  return sum;
}

vigil::recv_chan<std::int64_t> generate(int n) {
  vigil::chan<std::int64_t> out = vigil::make_chan<std::int64_t>();
  vigil::go([out, n] {
    for (int i = 0; i < n; ++i) out.send(i);
    out.close();
  });
  return out;
}

vigil::recv_chan<std::int64_t> square(vigil::recv_chan<std::int64_t> in) {
  vigil::chan<std::int64_t> out = vigil::make_chan<std::int64_t>();
  vigil::go([in, out] {
    for (std::int64_t v : in) out.send(v * v);
    out.close();
  });
  return out;
}

// pipeline is generate -> square -> sink over unbuffered channels (the Go
// blog's pipeline); it returns the sum of the squares.
std::int64_t pipeline(int n) {
  std::int64_t sum = 0;
  for (std::int64_t v : square(generate(n))) sum += v;
  return sum;
}

// mutex_counter has `tasks` tasks increment one counter under a vigil::mutex.
std::int64_t mutex_counter(int tasks, int per_task) {
  vigil::mutex mu;
  std::int64_t counter = 0;  // guarded by mu
  vigil::wait_group wg;
  wg.add(tasks);
  for (int t = 0; t < tasks; ++t)
    vigil::go([&, per_task] {
      for (int i = 0; i < per_task; ++i) {
        std::lock_guard lock(mu);
        ++counter;
      }
      wg.done();
    });
  wg.wait();
  return counter;
}

// atomic_counter has `tasks` tasks increment one atomic counter (seq_cst, as
// Go's atomic.Int64.Add).
std::int64_t atomic_counter(int tasks, int per_task) {
  std::atomic<std::int64_t> counter{0};
  vigil::wait_group wg;
  wg.add(tasks);
  for (int t = 0; t < tasks; ++t)
    vigil::go([&, per_task] {
      for (int i = 0; i < per_task; ++i) counter.fetch_add(1);
      wg.done();
    });
  wg.wait();
  return counter.load();
}

constexpr std::int64_t sum_below(std::int64_t n) { return n * (n - 1) / 2; }
constexpr std::int64_t sum_squares_below(std::int64_t n) { return (n - 1) * n * (2 * n - 1) / 6; }

// measure runs workload() once per iteration in a fresh task, counts `ops`
// items per iteration and fails the benchmark if check(result) is false.
template <class Workload, class Check>
void measure(benchmark::State& state, int ops, Workload workload, Check check) {
  std::int64_t result = 0;
  bool ok = true;
  for (auto _ : state) {
    run_in_task([&] {
      result = workload();
      ok = check(result);
    });
    if (!ok) {
      state.SkipWithError(("wrong result " + std::to_string(result)).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * ops);
}

auto equals(std::int64_t want) {
  return [want](std::int64_t got) { return got == want; };
}

void register_all() {
  auto add = [](const char* name, auto fn) {
    benchmark::RegisterBenchmark(name, fn)->UseRealTime()->MinTime(kMinTimeSeconds);
  };
  add("spawn", [](benchmark::State& s) {
    measure(s, kSpawnTasks, [] { spawn(kSpawnTasks); return std::int64_t{0}; }, equals(0));
  });
  auto ping_pong_at = [](int procs) {
    return [procs](benchmark::State& s) {
      int previous = procs > 0 ? vigil::set_procs(procs) : 0;
      measure(s, kPingPongRounds, [] { return ping_pong(kPingPongRounds); },
              equals(sum_below(kPingPongRounds)));
      if (procs > 0) vigil::set_procs(previous);
    };
  };
  add("pingpong_procs1", ping_pong_at(1));
  add("pingpong", ping_pong_at(0));
  add("chan_buffered", [](benchmark::State& s) {
    measure(s, kBufferedItems, [] { return buffered(kBufferedItems); },
            equals(sum_below(kBufferedItems)));
  });
  add("select2", [](benchmark::State& s) {
    // The case is chosen uniformly at random: 200k draws stay within 45-55%.
    measure(s, kSelects, [] { return std::int64_t{select2(kSelects)}; },
            [](std::int64_t first) {
              return first > kSelects * 45 / 100 && first < kSelects * 55 / 100;
            });
  });
  add("worker_pool", [](benchmark::State& s) {
    measure(s, kPoolJobs, [] { return worker_pool(kPoolJobs); }, equals(2 * sum_below(kPoolJobs)));
  });
  add("pipeline", [](benchmark::State& s) {
    measure(s, kPipelineItems, [] { return pipeline(kPipelineItems); },
            equals(sum_squares_below(kPipelineItems)));
  });
  add("mutex_counter", [](benchmark::State& s) {
    measure(s, kCounterTasks * kMutexIncrements,
            [] { return mutex_counter(kCounterTasks, kMutexIncrements); },
            equals(std::int64_t{kCounterTasks} * kMutexIncrements));
  });
  add("atomic_counter", [](benchmark::State& s) {
    measure(s, kCounterTasks * kAtomicIncrements,
            [] { return atomic_counter(kCounterTasks, kAtomicIncrements); },
            equals(std::int64_t{kCounterTasks} * kAtomicIncrements));
  });
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
