// library_sync_test.cpp — vigil::mutex, rw_mutex, wait_group, once and sync_map.
//
// Mutual exclusion across tasks and plain threads, the standard lock
// adaptors, readers inside together and writers alone, writer preference,
// wait_group rounds with many waiters, once under contention and after an
// exception, every sync_map operation alone and under concurrent load, and
// the zero-value statics (constinit at namespace scope).
#include <gtest/gtest.h>
#include <vigil/vigil.h>

#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "library_test_util.h"

using namespace vigil_test;

namespace {

// Go's zero values: no constructor runs, usable before main.
constinit vigil::mutex g_mutex;
constinit vigil::rw_mutex g_rw_mutex;
constinit vigil::wait_group g_wait_group;
constinit vigil::once g_once;
long g_guarded = 0;  // guarded by g_mutex

static_assert(std::is_nothrow_default_constructible_v<vigil::mutex>);
static_assert(!std::is_copy_constructible_v<vigil::mutex> && !std::is_move_constructible_v<vigil::mutex>);
static_assert(!std::is_copy_constructible_v<vigil::rw_mutex>);
static_assert(!std::is_copy_constructible_v<vigil::wait_group>);
static_assert(!std::is_copy_constructible_v<vigil::once>);

class SyncTest : public procs_fixture {};
VIGIL_INSTANTIATE_PROCS(SyncTest);

TEST_P(SyncTest, MutexExcludesTasksAndThreads) {
  constexpr int kTasks = 16, kThreads = 2, kIters = 2000;
  vigil::mutex mu;
  long counter = 0;  // guarded by mu
  std::atomic<int> inside{0}, overlap{0};
  auto critical = [&](rng& r) {
    std::lock_guard lock(mu);
    if (inside.fetch_add(1) != 0) overlap++;
    long v = counter;
    maybe_yield(r, 16);  // parks inside the critical section now and then
    counter = v + 1;
    inside.fetch_sub(1);
  };
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int t = 0; t < kTasks; ++t)
    vigil::go([&](int t) {
      rng r(t + 1);
      for (int i = 0; i < kIters; ++i) critical(r);
      wg.done();
    }, t);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      rng r(t + 1000);
      for (int i = 0; i < kIters; ++i) critical(r);
    });
  for (auto& th : threads) th.join();
  wg.wait();
  EXPECT_EQ(overlap.load(), 0);
  EXPECT_EQ(counter, long{kTasks + kThreads} * kIters);
}

TEST_P(SyncTest, MutexTryLockAndStandardAdaptors) {
  vigil::mutex m1, m2;
  EXPECT_TRUE(m1.try_lock());
  EXPECT_FALSE(m1.try_lock());
  std::atomic<int> task_try{-1};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    task_try = m1.try_lock();
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(task_try.load(), 0);
  m1.unlock();
  {
    std::unique_lock lock(m1, std::try_to_lock);
    EXPECT_TRUE(lock.owns_lock());
    EXPECT_FALSE(m1.try_lock());
  }
  {
    std::unique_lock a(m1, std::defer_lock);
    std::unique_lock b(m2, std::defer_lock);
    std::lock(a, b);  // uses try_lock on one of them
    EXPECT_TRUE(a.owns_lock() && b.owns_lock());
    EXPECT_FALSE(m1.try_lock());
    EXPECT_FALSE(m2.try_lock());
  }
  {
    std::scoped_lock both(m1, m2);
    EXPECT_FALSE(m2.try_lock());
  }
  EXPECT_TRUE(m1.try_lock());
  EXPECT_TRUE(m2.try_lock());
  m1.unlock();
  m2.unlock();
}

TEST_P(SyncTest, MutexBlocksUntilUnlockedByAnyone) {
  // Not owned (Go): main locks it, a task unlocks it, another task was waiting.
  vigil::mutex mu;
  mu.lock();
  std::atomic<bool> acquired{false};
  vigil::wait_group locker, unlocker;
  locker.add(1);
  vigil::go([&] {
    mu.lock();
    acquired = true;
    mu.unlock();
    locker.done();
  });
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_FALSE(acquired.load());
  unlocker.add(1);
  vigil::go([&] {
    mu.unlock();
    unlocker.done();
  });
  unlocker.wait();
  locker.wait();
  EXPECT_TRUE(acquired.load());
  EXPECT_TRUE(mu.try_lock());
  mu.unlock();
}

TEST_P(SyncTest, RwMutexLetsReadersInTogether) {
  // Every reader announces itself from inside the read lock, then waits there
  // for main's go-ahead: main hears from all of them only if they share it.
  constexpr int kReaders = 4;
  vigil::rw_mutex rw;
  auto arrived = vigil::make_chan<int>();
  auto go_ahead = vigil::make_chan<int>();
  std::atomic<int> inside{0}, max_inside{0};
  vigil::wait_group wg;
  wg.add(kReaders);
  for (int i = 0; i < kReaders; ++i)
    vigil::go([&, arrived, go_ahead] {
      {
        std::shared_lock lock(rw);
        int n = ++inside;
        for (int m = max_inside.load(); m < n && !max_inside.compare_exchange_weak(m, n);) {
        }
        arrived.send(1);
        go_ahead.recv();  // returns at the close
        --inside;
      }
      wg.done();
    });
  int heard = 0;
  bool timed_out = false;
  auto limit = vigil::after(kPatience);
  while (heard < kReaders && !timed_out)
    vigil::select(vigil::on_recv(arrived, [&](std::optional<int>) { heard++; }),
                  vigil::on_recv(limit, [&](auto) { timed_out = true; }));
  EXPECT_EQ(heard, kReaders) << "readers did not get into the read lock together";
  go_ahead.close();
  for (; heard < kReaders; ++heard) arrived.recv();
  wg.wait();
  EXPECT_EQ(max_inside.load(), kReaders);
  // With readers inside, a writer cannot get in.
  rw.lock_shared();
  EXPECT_TRUE(rw.try_lock_shared());
  EXPECT_FALSE(rw.try_lock());
  rw.unlock_shared();
  rw.unlock_shared();
  EXPECT_TRUE(rw.try_lock());
  EXPECT_FALSE(rw.try_lock_shared());
  EXPECT_FALSE(rw.try_lock());
  rw.unlock();
}

TEST_P(SyncTest, RwMutexWritersAreAlone) {
  constexpr int kWriters = 4, kReaders = 8, kIters = 1500;
  vigil::rw_mutex rw;
  std::atomic<int> readers_in{0}, writers_in{0}, violations{0};
  long value = 0;  // written under the write lock, read under the read lock
  std::atomic<long> torn{0};
  vigil::wait_group wg;
  wg.add(kWriters + kReaders);
  for (int w = 0; w < kWriters; ++w)
    vigil::go([&](int w) {
      rng r(w + 1);
      for (int i = 0; i < kIters; ++i) {
        std::lock_guard lock(rw);
        if (writers_in.fetch_add(1) != 0 || readers_in.load() != 0) violations++;
        value++;
        maybe_yield(r, 8);
        value++;
        writers_in.fetch_sub(1);
      }
      wg.done();
    }, w);
  for (int k = 0; k < kReaders; ++k)
    vigil::go([&](int k) {
      rng r(k + 100);
      for (int i = 0; i < kIters; ++i) {
        std::shared_lock lock(rw);
        readers_in.fetch_add(1);
        if (writers_in.load() != 0) violations++;
        if (value % 2 != 0) torn++;  // a writer is halfway
        maybe_yield(r, 8);
        readers_in.fetch_sub(1);
      }
      wg.done();
    }, k);
  wg.wait();
  EXPECT_EQ(violations.load(), 0);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(value, 2L * kWriters * kIters);
}

TEST_P(SyncTest, RwMutexBlockedWriterHoldsBackNewReaders) {
  vigil::rw_mutex rw;
  rw.lock_shared();  // main reads
  std::atomic<int> order{0}, writer_at{0}, reader_at{0};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    rw.lock();  // blocks behind main's read lock
    writer_at = ++order;
    rw.unlock();
    wg.done();
  });
  // The writer is pending once a new reader can no longer get in.
  ASSERT_TRUE(eventually([&] {
    if (!rw.try_lock_shared()) return true;
    rw.unlock_shared();
    return false;
  })) << "try_lock_shared kept succeeding while a writer waited";
  wg.add(1);
  vigil::go([&] {
    rw.lock_shared();  // must wait for the pending writer
    reader_at = ++order;
    rw.unlock_shared();
    wg.done();
  });
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_EQ(reader_at.load(), 0) << "a new reader got past a pending writer";
  EXPECT_EQ(writer_at.load(), 0);
  rw.unlock_shared();
  wg.wait();
  EXPECT_EQ(writer_at.load(), 1);
  EXPECT_EQ(reader_at.load(), 2);
}

TEST_P(SyncTest, WaitGroupReleasesEveryWaiter) {
  vigil::wait_group wg;
  wg.wait();  // zero: returns at once
  for (int round = 0; round < 20; ++round) {  // reuse after wait returned is fine
    constexpr int kWorkers = 10, kWaiters = 5;
    std::vector<int> results(kWorkers, 0);  // plain: ordered by done -> wait
    std::atomic<int> released{0}, early{0};
    std::atomic<int> finished{0};
    wg.add(kWorkers / 2);
    wg.add(kWorkers - kWorkers / 2);
    vigil::wait_group waiters;
    waiters.add(kWaiters);
    for (int w = 0; w < kWaiters; ++w)
      vigil::go([&] {
        wg.wait();
        if (finished.load() != kWorkers) early++;
        released++;
        waiters.done();
      });
    std::thread thread_waiter([&] {
      wg.wait();
      if (finished.load() != kWorkers) early++;
      released++;
    });
    for (int i = 0; i < kWorkers; ++i)
      vigil::go([&](int i) {
        rng r(i);
        maybe_yield(r, 2);
        results[i] = i * i;
        finished++;
        wg.done();
      }, i);
    wg.wait();
    EXPECT_EQ(finished.load(), kWorkers);
    for (int i = 0; i < kWorkers; ++i) EXPECT_EQ(results[i], i * i);
    waiters.wait();
    thread_waiter.join();
    EXPECT_EQ(released.load(), kWaiters + 1);
    EXPECT_EQ(early.load(), 0);
  }
  // add with a larger delta and negative deltas.
  wg.add(3);
  wg.add(-2);
  wg.done();
  wg.wait();
}

TEST_P(SyncTest, OnceRunsExactlyOnceUnderContention) {
  constexpr int kTasks = 32, kThreads = 2;
  vigil::once once;
  std::atomic<int> runs{0}, saw_uninitialized{0};
  int config = 0;  // written inside the once, read after call() returns
  auto init = [&] {
    runs++;
    vigil::sleep_for(5ms);  // the others must wait for it, not skip it
    config = 42;
  };
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int i = 0; i < kTasks; ++i)
    vigil::go([&] {
      once.call(init);
      if (config != 42) saw_uninitialized++;
      wg.done();
    });
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      once.call(init);
      if (config != 42) saw_uninitialized++;
    });
  for (auto& t : threads) t.join();
  wg.wait();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(saw_uninitialized.load(), 0);
  EXPECT_TRUE(once.done());
  once.call([&] { runs++; });
  EXPECT_EQ(runs.load(), 1);
}

TEST_P(SyncTest, OnceRetriesAfterAnException) {
  vigil::once once;
  int calls = 0;
  EXPECT_FALSE(once.done());
  EXPECT_THROW(once.call([&] {
    calls++;
    throw std::runtime_error("first attempt fails");
  }), std::runtime_error);
  EXPECT_FALSE(once.done());
  // From a task this time: the next call runs its function.
  std::atomic<bool> threw_in_task{false};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    try {
      once.call([&] {
        calls++;
        throw std::logic_error("second attempt fails");
      });
    } catch (const std::logic_error&) {
      threw_in_task = true;
    }
    wg.done();
  });
  wg.wait();
  EXPECT_TRUE(threw_in_task.load());
  EXPECT_FALSE(once.done());
  once.call([&] { calls++; });
  EXPECT_TRUE(once.done());
  once.call([&] { calls++; });
  EXPECT_EQ(calls, 3);

  // Waiters blocked behind a failing call: exactly one of them runs next.
  vigil::once contended;
  std::atomic<int> attempts{0}, successes{0}, failures{0};
  wg.add(8);
  for (int i = 0; i < 8; ++i)
    vigil::go([&](int i) {
      try {
        contended.call([&] {
          attempts++;
          vigil::sleep_for(1ms);
          if (i % 2 == 0) throw std::runtime_error("even fails");
          successes++;
        });
      } catch (const std::runtime_error&) {
        failures++;
      }
      wg.done();
    }, i);
  wg.wait();
  EXPECT_TRUE(contended.done());
  EXPECT_EQ(successes.load(), 1);
  EXPECT_EQ(attempts.load(), failures.load() + 1);
}

TEST_P(SyncTest, SyncMapOperations) {
  vigil::sync_map<std::string, int> m;
  EXPECT_EQ(m.load("a"), std::nullopt);
  m.store("a", 1);
  EXPECT_EQ(m.load("a"), 1);
  m.store("a", 2);
  EXPECT_EQ(m.load("a"), 2);

  auto [v1, loaded1] = m.load_or_store("a", 3);
  EXPECT_EQ(v1, 2);
  EXPECT_TRUE(loaded1);
  auto [v2, loaded2] = m.load_or_store("b", 4);
  EXPECT_EQ(v2, 4);
  EXPECT_FALSE(loaded2);
  EXPECT_EQ(m.load("b"), 4);

  EXPECT_EQ(m.swap("a", 10), 2);
  EXPECT_EQ(m.swap("c", 5), std::nullopt);
  EXPECT_EQ(m.load("a"), 10);
  EXPECT_EQ(m.load("c"), 5);

  EXPECT_FALSE(m.compare_and_swap("a", 9, 11));
  EXPECT_EQ(m.load("a"), 10);
  EXPECT_TRUE(m.compare_and_swap("a", 10, 11));
  EXPECT_EQ(m.load("a"), 11);
  EXPECT_FALSE(m.compare_and_swap("missing", 0, 1));
  EXPECT_EQ(m.load("missing"), std::nullopt);

  EXPECT_FALSE(m.compare_and_delete("a", 10));
  EXPECT_TRUE(m.compare_and_delete("a", 11));
  EXPECT_EQ(m.load("a"), std::nullopt);
  EXPECT_FALSE(m.compare_and_delete("a", 11));

  EXPECT_EQ(m.load_and_delete("b"), 4);
  EXPECT_EQ(m.load_and_delete("b"), std::nullopt);
  m.erase("c");
  m.erase("never there");
  EXPECT_EQ(m.load("c"), std::nullopt);

  for (int i = 0; i < 100; ++i) m.store(std::to_string(i), i);
  std::map<std::string, int> all;
  m.range([&](const std::string& k, const int& v) {
    all[k] = v;
    return true;
  });
  EXPECT_EQ(all.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(all[std::to_string(i)], i);
  int visited = 0;
  m.range([&](const std::string&, const int&) { return ++visited < 10; });
  EXPECT_EQ(visited, 10);  // false stops the walk
}

TEST_P(SyncTest, SyncMapUnderConcurrentLoad) {
  constexpr int kTasks = 16, kKeys = 500, kIncrements = 200;
  vigil::sync_map<int, int> m;
  std::vector<std::atomic<int>> winners(kKeys);
  std::atomic<int> disagreements{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int t = 0; t < kTasks; ++t)
    vigil::go([&](int t) {
      rng r(t + 7);
      // load_or_store: one winner per key; everyone sees its value.
      for (int k = 0; k < kKeys; ++k) {
        maybe_yield(r, 16);
        auto [v, loaded] = m.load_or_store(k, t);
        if (!loaded) winners[k]++;
        if (m.load(k) != v) disagreements++;
      }
      // compare_and_swap: a lock-free counter in the map.
      for (int i = 0; i < kIncrements; ++i)
        for (;;) {
          auto [cur, loaded] = m.load_or_store(-1, 0);
          if (m.compare_and_swap(-1, cur, cur + 1)) break;
          maybe_yield(r);
        }
      // Private keys: store, swap, load_and_delete.
      int key = 1000000 + t;
      for (int i = 0; i < 100; ++i) {
        m.store(key, i);
        if (m.swap(key, i + 1) != i) disagreements++;
        if (m.load_and_delete(key) != i + 1) disagreements++;
      }
      wg.done();
    }, t);
  // A plain thread ranges over the map meanwhile (never writing from f).
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop.load()) {
      int n = 0;
      m.range([&](const int&, const int&) { return ++n > 0; });
    }
  });
  wg.wait();
  stop = true;
  reader.join();
  EXPECT_EQ(disagreements.load(), 0);
  int not_once = 0;
  for (auto& w : winners) not_once += w.load() != 1;
  EXPECT_EQ(not_once, 0);
  EXPECT_EQ(m.load(-1), kTasks * kIncrements);
  int entries = 0;
  m.range([&](const int&, const int&) { return ++entries > 0; });
  EXPECT_EQ(entries, kKeys + 1);
}

TEST_P(SyncTest, ZeroValueStatics) {
  constexpr int kTasks = 8, kIters = 500;
  static vigil::mutex local_static;  // function-local: constant-initialized too
  static int inits = 0;
  g_guarded = 0;
  g_wait_group.add(kTasks);
  for (int t = 0; t < kTasks; ++t)
    vigil::go([] {
      g_once.call([] { inits++; });
      for (int i = 0; i < kIters; ++i) {
        std::lock_guard a(g_mutex);
        std::lock_guard b(local_static);
        g_guarded++;
      }
      {
        std::shared_lock r(g_rw_mutex);
      }
      g_wait_group.done();
    });
  g_wait_group.wait();
  EXPECT_EQ(g_guarded, long{kTasks} * kIters);
  EXPECT_EQ(inits, 1);  // across all parameter runs: g_once is done once
  EXPECT_TRUE(g_once.done());
  EXPECT_TRUE(g_rw_mutex.try_lock());
  g_rw_mutex.unlock();
}

}  // namespace
