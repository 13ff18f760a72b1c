// sem_pingpong: blocking hand-offs through semaphores and a condition variable.
//
// Pairs of threads alternate through two POSIX semaphores (one per
// direction), and one more pair through a mutex and condition variable: each
// hand-off wakes the other side from a futex wait. The detector pays for the
// post/wait and lock/wait/unlock pairs, not for memory accesses.
//
// usage: sem_pingpong [threads=4]   (threads are used in pairs)
#include <semaphore.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

static constexpr long kRounds = 15000;

struct sem_pair {
  sem_t ping, pong;
  long payload = 0;
};

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 4;
  unsigned pairs = threads / 2 ? threads / 2 : 1;
  std::vector<sem_pair> sp(pairs);
  for (auto &p : sp) {
    sem_init(&p.ping, 0, 0);
    sem_init(&p.pong, 0, 0);
  }
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < pairs; i++) {
    sem_pair &p = sp[i];
    ts.emplace_back([&p] {
      for (long r = 0; r < kRounds; r++) {
        p.payload++;
        sem_post(&p.ping);
        sem_wait(&p.pong);
      }
    });
    ts.emplace_back([&p] {
      for (long r = 0; r < kRounds; r++) {
        sem_wait(&p.ping);
        p.payload++;
        sem_post(&p.pong);
      }
    });
  }
  // One pair through a condition variable.
  std::mutex mu;
  std::condition_variable cv;
  long turn = 0, cv_payload = 0;
  for (int side = 0; side < 2; side++)
    ts.emplace_back([&, side] {
      for (long i = side; i < 2 * kRounds / 4; i += 2) {
        std::unique_lock<std::mutex> l(mu);
        cv.wait(l, [&] { return turn == i; });
        cv_payload++;
        turn++;
        cv.notify_one();
      }
    });
  for (auto &t : ts) t.join();
  bool ok = cv_payload == 2 * kRounds / 4;
  for (auto &p : sp) {
    ok &= p.payload == 2 * kRounds;
    sem_destroy(&p.ping);
    sem_destroy(&p.pong);
  }
  std::printf("sem_pingpong: pairs=%u rounds=%ld %s\n", pairs, kRounds, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
