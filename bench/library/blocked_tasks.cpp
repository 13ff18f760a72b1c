// blocked_tasks.cpp — the resident memory a parked vigil task costs; the
// blocked_tasks workload of `bench/run library`. Twin of bench/go/blocked/main.go.
//
//   blocked_tasks [N]   (default 100000)
//
// Starts N tasks that each block receiving from one shared unbuffered channel,
// and reads VmRSS and VmHWM from /proc/self/status before and while they are
// blocked. Then closes the channel, waits for every task to end and prints one
// line:
//
//   blocked_tasks tasks=N ... bytes_per_task=B OK
//
// bytes_per_task is (VmHWM while blocked - VmRSS before) / N: the peak growth.
// The baseline is taken after a first task has run, so the workers' own
// stacks and the scheduler's start-up are not charged to the tasks (Go's
// runtime is up before main, too). Not a Google Benchmark: a fresh process
// per measurement is the point.

#include <vigil/vigil.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace {

// status_kib returns the value of a "Key:   123 kB" line of /proc/self/status.
long status_kib(const char* key) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) {
    std::perror("blocked_tasks: /proc/self/status");
    std::exit(1);
  }
  char line[256];
  std::size_t len = std::strlen(key);
  long value = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, key, len) == 0 && line[len] == ':') {
      value = std::strtol(line + len + 1, nullptr, 10);
      break;
    }
  std::fclose(f);
  if (value < 0) {
    std::fprintf(stderr, "blocked_tasks: no %s in /proc/self/status\n", key);
    std::exit(1);
  }
  return value;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  long n = 100'000;
  if (argc > 1) {
    char* end = nullptr;
    n = std::strtol(argv[1], &end, 10);
    if (*end != '\0' || n < 1) {
      std::fprintf(stderr, "usage: blocked_tasks [N]   (N >= 1, got '%s')\n", argv[1]);
      return 2;
    }
  }

  {
    vigil::wait_group warm;
    warm.add(1);
    vigil::go([&warm] { warm.done(); });
    warm.wait();
  }

  long rss_before = status_kib("VmRSS");
  vigil::chan<int> release = vigil::make_chan<int>();
  vigil::wait_group parked, finished;
  parked.add(static_cast<int>(n));
  finished.add(static_cast<int>(n));
  auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i)
    vigil::go([release, &parked, &finished] {
      parked.done();
      if (release.recv()) {
        std::fprintf(stderr, "blocked_tasks: value on the release channel\n");
        std::abort();
      }
      finished.done();
    });
  parked.wait();
  double spawn_ms = ms_since(t0);
  // done() comes just before the receive: give the last ones time to park.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  long rss_blocked = status_kib("VmRSS"), hwm_blocked = status_kib("VmHWM");

  auto t1 = std::chrono::steady_clock::now();
  release.close();
  finished.wait();
  double release_ms = ms_since(t1);

  double per_task = double(hwm_blocked - rss_before) * 1024 / double(n);
  std::printf(
      "blocked_tasks tasks=%ld rss_before_kib=%ld rss_blocked_kib=%ld hwm_blocked_kib=%ld "
      "rss_after_kib=%ld spawn_ms=%.1f release_ms=%.1f bytes_per_task=%.0f OK\n",
      n, rss_before, rss_blocked, hwm_blocked, status_kib("VmRSS"), spawn_ms, release_ms, per_task);
  return 0;
}
