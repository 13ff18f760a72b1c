// prodcon_queue: producer/consumer over a bounded std::deque guarded by a
// std::mutex with two std::condition_variables (not_full / not_empty).
//
// Half of the threads produce, half consume (at least one of each). Each item
// is a small heap-allocated record written by the producer and read by the
// consumer, so the detector has to carry happens-before through the
// mutex/condvar handoff for every item, and sees malloc/free in both threads.
//
// usage: prodcon_queue [threads=4]
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

static constexpr std::uint64_t kItems = 400'000;  // total, over all producers
static constexpr std::size_t kCapacity = 256;

struct Item {
  std::uint64_t id;
  std::uint64_t payload[3];
};

struct Queue {
  std::mutex mu;
  std::condition_variable not_full, not_empty;
  std::deque<std::unique_ptr<Item>> q;  // guarded by mu
  unsigned producers_left = 0;          // guarded by mu
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads < 2) threads = 2;
  unsigned producers = threads / 2, consumers = threads - producers;

  Queue Q;
  Q.producers_left = producers;
  std::vector<std::uint64_t> consumed_sum(consumers), consumed_n(consumers);

  std::vector<std::thread> ts;
  for (unsigned p = 0; p < producers; ++p) {
    ts.emplace_back([&Q, p, producers] {
      std::uint64_t lo = kItems * p / producers, hi = kItems * (p + 1) / producers;
      for (std::uint64_t id = lo; id < hi; ++id) {
        auto it = std::make_unique<Item>();
        it->id = id;
        it->payload[0] = id * 3;
        it->payload[1] = id ^ 0x5555;
        it->payload[2] = id + 7;
        std::unique_lock<std::mutex> lock(Q.mu);
        Q.not_full.wait(lock, [&Q] { return Q.q.size() < kCapacity; });
        Q.q.push_back(std::move(it));
        lock.unlock();
        Q.not_empty.notify_one();
      }
      std::lock_guard<std::mutex> lock(Q.mu);
      if (--Q.producers_left == 0) Q.not_empty.notify_all();
    });
  }
  for (unsigned c = 0; c < consumers; ++c) {
    ts.emplace_back([&Q, &consumed_sum, &consumed_n, c] {
      std::uint64_t sum = 0, n = 0;
      for (;;) {
        std::unique_lock<std::mutex> lock(Q.mu);
        Q.not_empty.wait(lock, [&Q] { return !Q.q.empty() || Q.producers_left == 0; });
        if (Q.q.empty()) break;  // no producers left and nothing queued
        std::unique_ptr<Item> it = std::move(Q.q.front());
        Q.q.pop_front();
        lock.unlock();
        Q.not_full.notify_one();
        // Plain reads of what the producer wrote before the handoff.
        if (it->payload[0] != it->id * 3 || it->payload[1] != (it->id ^ 0x5555) ||
            it->payload[2] != it->id + 7)
          sum = ~0ull >> 1;  // poison: makes the check below fail
        sum += it->id;
        ++n;
      }
      consumed_sum[c] = sum;
      consumed_n[c] = n;
    });
  }
  for (auto &t : ts) t.join();

  std::uint64_t sum = 0, n = 0;
  for (unsigned c = 0; c < consumers; ++c) {
    sum += consumed_sum[c];
    n += consumed_n[c];
  }
  bool ok = n == kItems && sum == kItems * (kItems - 1) / 2;
  std::printf("prodcon_queue: threads=%u producers=%u consumers=%u items=%llu sum=%llu %s\n", threads,
              producers, consumers, static_cast<unsigned long long>(n),
              static_cast<unsigned long long>(sum), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
