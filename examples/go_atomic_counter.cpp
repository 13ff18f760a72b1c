// go_atomic_counter.cpp — 1000 tasks increment a std::atomic counter.
// Mirrors atomicCounter() from the Go article's "Race Conditions" program
// (atomic.Int64; see go_unsafe_counter.cpp for why the three counters are
// separate programs).
// Expected verdict: clean; always prints 1000.
#include <vigil/vigil.h>

#include <atomic>
#include <cstdint>
#include <cstdio>

void atomic_counter() {
  std::atomic<std::int64_t> count{0};
  vigil::wait_group wg;
  for (int i = 0; i < 1000; i++) {
    wg.add(1);
    vigil::go([&] {
      count.fetch_add(1);  // lock-free atomic increment
      wg.done();
    });
  }
  wg.wait();
  std::printf("Atomic count: %lld\n", static_cast<long long>(count.load()));  // always 1000
}

int main() { atomic_counter(); }
