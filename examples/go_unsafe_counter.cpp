// go_unsafe_counter.cpp — 1000 tasks increment a plain int: a data race.
// Mirrors unsafeCounter() from the Go article's "Race Conditions" program (the
// article runs all three counters from one main; here each is its own program
// so each has one verdict: see go_mutex_counter.cpp, go_atomic_counter.cpp).
// The count printed may be anything up to 1000.
// Expected verdict: racy: the detector reports a race on count
// (tests/lit/tasks/go_unsafe_counter.test). Built with --no-detect it just
// prints a count.
#include <vigil/vigil.h>

#include <cstdio>

void unsafe_counter() {
  int count = 0;
  vigil::wait_group wg;
  for (int i = 0; i < 1000; i++) {
    wg.add(1);
    vigil::go([&] {
      count++;  // DATA RACE: many tasks write without synchronization
      wg.done();
    });
  }
  wg.wait();
  std::printf("Unsafe count: %d\n", count);  // could be anything <= 1000
}

int main() { unsafe_counter(); }
