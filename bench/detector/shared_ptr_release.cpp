// shared_ptr_release: shared_ptr and weak_ptr copies released across threads.
//
// A producer makes objects and hands shared_ptr copies and weak_ptrs to
// consumers through a mutex-protected queue; consumers read the object,
// drop their references, and whichever thread drops the last one frees it.
// Reference counts are atomics with acq_rel decrements and, in libstdc++ 12,
// an 8-byte acquire load of both counts on the last release.
//
// usage: shared_ptr_release [threads=4]
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

static constexpr long kObjects = 400000;

struct item {
  long value;
  long pad[3];
};

struct handoff {
  std::shared_ptr<item> strong;
  std::weak_ptr<item> weak;
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  unsigned consumers = threads > 1 ? threads - 1 : 1;
  std::mutex mu;
  std::deque<handoff> q;
  std::atomic<bool> done{false};
  std::vector<long> seen(consumers);
  std::vector<std::thread> ts;
  for (unsigned c = 0; c < consumers; c++)
    ts.emplace_back([&, c] {
      for (;;) {
        handoff h;
        {
          std::lock_guard<std::mutex> l(mu);
          if (q.empty()) {
            if (done.load(std::memory_order_acquire)) return;
            continue;
          }
          h = std::move(q.front());
          q.pop_front();
        }
        seen[c] += h.strong->value;
        h.strong.reset();
        if (auto p = h.weak.lock()) seen[c] += 0;  // usually expired by now, sometimes not
      }
    });
  for (long i = 0; i < kObjects; i++) {
    auto p = std::make_shared<item>();
    p->value = 1;
    handoff h{p, p};
    std::lock_guard<std::mutex> l(mu);
    q.push_back(std::move(h));
  }
  done.store(true, std::memory_order_release);
  for (auto &t : ts) t.join();
  long total = 0;
  for (long s : seen) total += s;
  bool ok = total == kObjects;
  std::printf("shared_ptr_release: consumers=%u objects=%ld %s\n", consumers, kObjects, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
