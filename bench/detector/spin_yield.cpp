// spin_yield: a spin-yield hand-off between threads.
//
// Thread pools and lock-free queues wait for a flag with an acquire load in a
// loop that yields the core. Pairs of threads pass a token back and forth
// through one atomic each way; the waiting side spins on an acquire load and
// calls sched_yield: the detector pays for every failed load of the loop.
//
// usage: spin_yield [threads=4]   (threads are used in pairs)
#include <sched.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static constexpr long kHandoffs = 40000;

struct alignas(64) pair_state {
  std::atomic<long> turn{0};  // even: ping's turn, odd: pong's
  long payload = 0;           // plain data handed over with the token
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  unsigned pairs = threads / 2 ? threads / 2 : 1;
  std::vector<pair_state> st(pairs);
  std::vector<std::thread> ts;
  for (unsigned p = 0; p < pairs; p++)
    for (int side = 0; side < 2; side++)
      ts.emplace_back([&st, p, side] {
        pair_state &s = st[p];
        for (long i = side; i < 2 * kHandoffs; i += 2) {
          while (s.turn.load(std::memory_order_acquire) != i) sched_yield();
          s.payload++;
          s.turn.store(i + 1, std::memory_order_release);
        }
      });
  for (auto &t : ts) t.join();
  bool ok = true;
  for (auto &s : st) ok &= s.payload == 2 * kHandoffs;
  std::printf("spin_yield: pairs=%u handoffs=%ld %s\n", pairs, kHandoffs, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
