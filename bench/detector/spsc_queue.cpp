// spsc_queue: lock-free single-producer single-consumer rings (the shape of
// readerwriterqueue and of many pipelines' stages): the producer writes a
// slot, then publishes the tail with a release store; the consumer acquires
// the tail, reads the slot, and releases the head back.
//
// Threads pair up (1 producer, 1 consumer per ring); each item crosses one
// release/acquire pair each way, on two hot words that both threads read
// between their releases, and the slot's plain accesses are ordered only
// through them.
//
// usage: spsc_queue [threads=4]   (threads/2 rings, at least one)
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr size_t kCapacity = 1024;  // a power of two
static constexpr uint64_t kItems = 2'000'000;

struct alignas(64) ring {
  alignas(64) std::atomic<uint64_t> head{0};  // next slot to read (consumer's)
  alignas(64) std::atomic<uint64_t> tail{0};  // next slot to write (producer's)
  alignas(64) uint64_t slots[kCapacity];
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  unsigned rings = threads / 2 ? threads / 2 : 1;
  std::vector<ring *> rs;
  std::vector<uint64_t> sums(rings);
  std::vector<std::thread> ts;
  for (unsigned r = 0; r < rings; r++) rs.push_back(new ring);
  for (unsigned r = 0; r < rings; r++) {
    ring *q = rs[r];
    ts.emplace_back([q] {
      for (uint64_t i = 0; i < kItems; i++) {
        uint64_t t = q->tail.load(std::memory_order_relaxed);
        while (t - q->head.load(std::memory_order_acquire) == kCapacity) std::this_thread::yield();
        q->slots[t % kCapacity] = i;
        q->tail.store(t + 1, std::memory_order_release);
      }
    });
    ts.emplace_back([q, &sums, r] {
      uint64_t sum = 0;
      for (uint64_t i = 0; i < kItems; i++) {
        uint64_t h = q->head.load(std::memory_order_relaxed);
        while (q->tail.load(std::memory_order_acquire) == h) std::this_thread::yield();
        sum += q->slots[h % kCapacity];
        q->head.store(h + 1, std::memory_order_release);
      }
      sums[r] = sum;
    });
  }
  for (auto &t : ts) t.join();
  bool ok = true;
  for (unsigned r = 0; r < rings; r++) {
    ok = ok && sums[r] == kItems * (kItems - 1) / 2;
    delete rs[r];
  }
  std::printf("spsc_queue: rings=%u items=%llu %s\n", rings, static_cast<unsigned long long>(kItems), ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
