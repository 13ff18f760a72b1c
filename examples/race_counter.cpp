// race_counter.cpp — two threads increment a shared counter with no lock.
// Expected verdict: data race (vigil reports both accesses, exits 66).
#include <cstdio>
#include <thread>

static long counter;

static void work() {
  for (int i = 0; i < 1000; i++) counter++;  // unsynchronized read-modify-write
}

int main() {
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  std::printf("counter = %ld (2000 expected, any value is possible)\n", counter);
}
