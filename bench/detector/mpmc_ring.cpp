// mpmc_ring: a bounded multi-producer multi-consumer ring with a sequence
// atomic per slot (Vyukov's queue, as in rigtorp/MPMCQueue and
// atomic_queue).
//
// Producers claim a position with a CAS on the tail, wait for the slot's
// sequence, write the value and publish it with a release store of the
// sequence; consumers mirror that. Every slot's sequence is a sync object,
// and every element passes through two release/acquire pairs.
//
// usage: mpmc_ring [threads=4]   (half producers, half consumers)
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr long kItems = 5'000'000;
static constexpr size_t kCapacity = 1024;

struct alignas(64) cell {
  std::atomic<size_t> seq;
  long value;
};

struct ring {
  cell cells[kCapacity];
  alignas(64) std::atomic<size_t> head{0};
  alignas(64) std::atomic<size_t> tail{0};
  ring() {
    for (size_t i = 0; i < kCapacity; i++) cells[i].seq.store(i, std::memory_order_relaxed);
  }
  void push(long v) {
    size_t pos = tail.load(std::memory_order_relaxed);
    for (;;) {
      cell &c = cells[pos % kCapacity];
      size_t seq = c.seq.load(std::memory_order_acquire);
      long diff = static_cast<long>(seq) - static_cast<long>(pos);
      if (diff == 0) {
        if (tail.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          c.value = v;
          c.seq.store(pos + 1, std::memory_order_release);
          return;
        }
      } else if (diff < 0) {
        std::this_thread::yield();
        pos = tail.load(std::memory_order_relaxed);
      } else {
        pos = tail.load(std::memory_order_relaxed);
      }
    }
  }
  long pop() {
    size_t pos = head.load(std::memory_order_relaxed);
    for (;;) {
      cell &c = cells[pos % kCapacity];
      size_t seq = c.seq.load(std::memory_order_acquire);
      long diff = static_cast<long>(seq) - static_cast<long>(pos + 1);
      if (diff == 0) {
        if (head.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          long v = c.value;
          c.seq.store(pos + kCapacity, std::memory_order_release);
          return v;
        }
      } else if (diff < 0) {
        std::this_thread::yield();
        pos = head.load(std::memory_order_relaxed);
      } else {
        pos = head.load(std::memory_order_relaxed);
      }
    }
  }
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  unsigned producers = threads / 2 ? threads / 2 : 1, consumers = producers;
  auto *q = new ring;
  std::vector<long> sums(consumers);
  std::vector<std::thread> ts;
  for (unsigned p = 0; p < producers; p++)
    ts.emplace_back([q, p, producers] {
      for (long i = p; i < kItems; i += producers) q->push(i);
    });
  for (unsigned c = 0; c < consumers; c++)
    ts.emplace_back([q, c, consumers, &sums] {
      long n = kItems / consumers + (c < kItems % consumers ? 1 : 0), s = 0;
      for (long i = 0; i < n; i++) s += q->pop();
      sums[c] = s;
    });
  for (auto &t : ts) t.join();
  long total = 0;
  for (long s : sums) total += s;
  delete q;
  bool ok = total == kItems * (kItems - 1) / 2;
  std::printf("mpmc_ring: producers=%u consumers=%u items=%ld %s\n", producers, consumers, kItems, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
