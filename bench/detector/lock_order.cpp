// lock_order: nested locks taken in one global order (lock striping).
//
// Each thread takes 64 striped mutexes in index order, all held at once,
// bumps a counter, and releases them, 2,000 times; then it nests 60 more
// mutexes once (ThreadSanitizer's deadlock detector stops the program at 64
// held at once; vigil's lit test nests 1,000). Every acquisition made while
// others are held is a lock-order edge for the detector's deadlock check: its
// cost per acquisition must stay bounded however many edges exist and however
// deep the nesting goes.
//
// usage: lock_order [threads=4]
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

static constexpr int kStripes = 64;
static constexpr int kRounds = 2'000;
static constexpr int kDeep = 60;  // ThreadSanitizer stops at 64 locks held at once

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  if (threads == 0) threads = 1;
  std::vector<std::mutex> stripes(kStripes);
  std::vector<std::mutex> deep(kDeep);
  long counter = 0;       // under all the stripes
  long deep_counter = 0;  // under all the deep mutexes
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; t++)
    ts.emplace_back([&] {
      for (int r = 0; r < kRounds; r++) {
        for (auto &m : stripes) m.lock();
        counter++;
        for (int i = kStripes; i-- > 0;) stripes[i].unlock();
      }
      for (auto &m : deep) m.lock();
      deep_counter++;
      for (int i = kDeep; i-- > 0;) deep[i].unlock();
    });
  for (auto &t : ts) t.join();
  bool ok = counter == static_cast<long>(threads) * kRounds && deep_counter == static_cast<long>(threads);
  std::printf("lock_order: threads=%u stripes=%d rounds=%d deep=%d %s\n", threads, kStripes, kRounds, kDeep,
              ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
