// clean_counter.cpp — the same counter, protected by a std::mutex.
// Expected verdict: clean (no report, exit 0).
#include <cstdio>
#include <mutex>
#include <thread>

static long counter;
static std::mutex counter_mu;

static void work() {
  for (int i = 0; i < 1000; i++) {
    std::lock_guard<std::mutex> lock(counter_mu);
    counter++;
  }
}

int main() {
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  std::printf("counter = %ld\n", counter);
}
