// go_mutex_counter.cpp — 1000 tasks increment an int under a vigil::mutex.
// Mirrors mutexCounter() from the Go article's "Race Conditions" program (see
// go_unsafe_counter.cpp for why the three counters are separate programs).
// Expected verdict: clean; always prints 1000.
#include <vigil/vigil.h>

#include <cstdio>

void mutex_counter() {
  int count = 0;
  vigil::mutex mu;
  vigil::wait_group wg;
  for (int i = 0; i < 1000; i++) {
    wg.add(1);
    vigil::go([&] {
      mu.lock();
      count++;
      mu.unlock();
      wg.done();
    });
  }
  wg.wait();
  std::printf("Mutex count: %d\n", count);  // always 1000
}

int main() { mutex_counter(); }
