// raw_lock_test.cpp — the internal lock: mutual exclusion, and no lost
// wake-up of a waiter that went to sleep (its unlock is a plain store; the
// sleeper's membarrier pairs with it, raw_lock.h).
#include <gtest/gtest.h>

#include <vigil/detail/raw_lock.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <sched.h>

using vigil::detail::raw_lock;

// More threads than cores, each holding the lock across a yield now and then:
// waiters run out of spins and sleep, and each must be woken by an unlock.
// A lost wake-up hangs the test (ctest's timeout), a broken exclusion loses
// increments.
TEST(RawLock, SleepersAreWokenAndExclusionHolds) {
  raw_lock mu;
  long counter = 0;  // guarded by mu
  constexpr int kThreads = 8, kIters = 20000;
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kIters; ++i) {
        mu.lock();
        long v = counter;
        if ((i + t) % 512 == 0) sched_yield();  // a holder that loses its core
        counter = v + 1;
        mu.unlock();
      }
    });
  for (auto& th : ts) th.join();
  EXPECT_EQ(counter, long{kThreads} * kIters);
}

// A waiter that is surely asleep (the holder keeps the lock for 100 ms,
// 50,000 times its spin) gets the lock once it is released.
TEST(RawLock, LongHeldLockWakesItsSleeper) {
  for (int round = 0; round < 3; ++round) {
    raw_lock mu;
    std::atomic<bool> waiting{false}, got{false};
    mu.lock();
    std::thread waiter([&] {
      waiting.store(true);
      mu.lock();
      got.store(true);
      mu.unlock();
    });
    while (!waiting.load()) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(got.load());
    mu.unlock();
    waiter.join();
    EXPECT_TRUE(got.load());
  }
}
