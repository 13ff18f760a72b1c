// library_task_test.cpp — vigil::go, yield, procs/set_procs and blocking.
//
// Argument passing as std::thread does it, many and nested tasks, tasks
// started from plain threads, yield as the only way forward on one worker,
// blocking() handing the worker's other tasks to another thread, exceptions
// thrown and caught inside tasks across parks, and stress tests whose
// schedules are randomized by yields at random points.
#include <gtest/gtest.h>
#include <vigil/vigil.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "library_test_util.h"

using namespace vigil_test;

namespace {

class TaskTest : public procs_fixture {};
// Tests about work moving between workers: they need at least two.
class MultiWorkerTaskTest : public procs_fixture {};
VIGIL_INSTANTIATE_PROCS(TaskTest);
INSTANTIATE_TEST_SUITE_P(Procs, MultiWorkerTaskTest, ::testing::Values(2, 4, 8), vigil_test::procs_name);

struct counted {
  static inline std::atomic<int> copies{0}, moves{0};
  int v;
  explicit counted(int v) : v(v) {}
  counted(const counted& o) : v(o.v) { copies++; }
  counted(counted&& o) noexcept : v(o.v) { moves++; }
};

void send_sum(vigil::send_chan<int> out, int a, int b) { out.send(a + b); }

struct accumulator {
  std::atomic<int> total{0};
  vigil::wait_group added;
  void add(int v) {
    total += v;
    added.done();
  }
};

TEST_P(TaskTest, GoDecayCopiesItsArguments) {
  auto out = vigil::make_chan<std::string>(8);
  vigil::wait_group wg;

  // Copies taken at the call: later changes to the originals do not show.
  std::string s = "original";
  int x = 1;
  wg.add(1);
  vigil::go([out, &wg](std::string a, int b) {
    out.send(a + std::to_string(b));
    wg.done();
  }, s, x);
  s = "changed";
  x = 2;
  wg.wait();
  EXPECT_EQ(out.recv(), "original1");

  // std::ref passes a reference; move-only arguments are moved.
  int target = 0;
  wg.add(2);
  vigil::go([&wg](int& r) {
    r = 5;
    wg.done();
  }, std::ref(target));
  vigil::go([out, &wg](std::unique_ptr<int> p) {
    out.send(std::to_string(*p));
    wg.done();
  }, std::make_unique<int>(3));
  wg.wait();
  EXPECT_EQ(target, 5);
  EXPECT_EQ(out.recv(), "3");

  // An lvalue is copied once; an rvalue is never copied.
  counted::copies = counted::moves = 0;
  counted lvalue(4);
  wg.add(2);
  vigil::go([&wg](counted c) {
    EXPECT_EQ(c.v, 4);
    wg.done();
  }, lvalue);
  vigil::go([&wg](counted c) {
    EXPECT_EQ(c.v, 6);
    wg.done();
  }, counted(6));
  wg.wait();
  EXPECT_EQ(counted::copies.load(), 1);

  // Function pointers, member functions and mutable function objects.
  auto sums = vigil::make_chan<int>(2);
  vigil::go(&send_sum, sums, 20, 22);
  EXPECT_EQ(sums.recv(), 42);
  accumulator acc;
  acc.added.add(1);
  vigil::go(&accumulator::add, &acc, 9);
  acc.added.wait();
  EXPECT_EQ(acc.total.load(), 9);
  wg.add(1);
  vigil::go([&wg, n = 0, out]() mutable {
    n += 10;
    out.send(std::to_string(n));
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(out.recv(), "10");
}

// A task readied by a task that then keeps the worker busy (no switch) is
// not stranded behind it: with a second worker, the scheduler's monitor
// finds it waiting and another worker takes it. Only progress is checked
// (the busy task spins until the readied one has run), never a duration.
TEST_P(MultiWorkerTaskTest, ReadiedTaskIsNotStrandedBehindABusyTask) {
  for (int round = 0; round < 5; ++round) {
    auto c = vigil::make_chan<int>();
    std::atomic<bool> ran{false};
    vigil::wait_group wg;
    wg.add(2);
    vigil::go([&, c] {
      c.recv();  // parked: the sender readies it onto its own worker
      ran.store(true);
      wg.done();
    });
    vigil::go([&, c] {
      c.send(1);
      while (!ran.load()) {  // busy: never switches
      }
      wg.done();
    });
    wg.wait();
    EXPECT_TRUE(ran.load());
  }
}

// Two tasks that never switch, queued on one worker, both finish: the idle
// worker takes the second one instead of spinning beside it.
TEST_P(MultiWorkerTaskTest, QueuedBusyTasksSpreadOverWorkers) {
  std::atomic<int> started{0};
  vigil::wait_group outer;
  outer.add(1);
  vigil::go([&] {
    vigil::wait_group wg;
    for (int i = 0; i < 2; ++i) {
      wg.add(1);
      vigil::go([&] {
        started.fetch_add(1);
        while (started.load() < 2) {  // both must be running at once
        }
        wg.done();
      });
    }
    wg.wait();
    outer.done();
  });
  outer.wait();
  EXPECT_EQ(started.load(), 2);
}

TEST_P(TaskTest, ManyTasks) {
  // 20,000 live tasks natively; under detection (a clock slot and a detector
  // owner each, ~20 KiB per live task) a quarter keeps the test within its
  // watchdog on two loaded cores.
  constexpr int kTasks = kUnderDetection ? 5000 : 20000;
  std::vector<int> results(kTasks, 0);  // each slot written by one task, read after wait
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int i = 0; i < kTasks; ++i)
    vigil::go([&results, &wg](int i) {
      results[i] = i + 1;
      wg.done();
    }, i);
  wg.wait();
  long sum = 0;
  for (int v : results) sum += v;
  EXPECT_EQ(sum, long{kTasks} * (kTasks + 1) / 2);
}

void spawn_tree(int depth, std::atomic<int>& count, vigil::wait_group& wg) {
  count++;
  if (depth > 0) {
    wg.add(2);
    vigil::go(&spawn_tree, depth - 1, std::ref(count), std::ref(wg));
    vigil::go(&spawn_tree, depth - 1, std::ref(count), std::ref(wg));
  }
  wg.done();
}

TEST_P(TaskTest, TasksStartTasks) {
  std::atomic<int> count{0};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go(&spawn_tree, 11, std::ref(count), std::ref(wg));
  wg.wait();
  EXPECT_EQ(count.load(), (1 << 12) - 1);
}

TEST_P(TaskTest, PlainThreadsStartTasks) {
  constexpr int kThreads = 4, kPer = 500;
  std::atomic<int> ran{0};
  vigil::wait_group wg;
  wg.add(kThreads * kPer);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kPer; ++i)
        vigil::go([&] {
          ran++;
          wg.done();
        });
    });
  for (auto& t : threads) t.join();
  wg.wait();
  EXPECT_EQ(ran.load(), kThreads * kPer);
}

TEST_P(TaskTest, YieldLetsTheOthersRun) {
  // Three tasks take turns through an atomic, waiting only by yielding: on
  // one worker this finishes only if yield really lets the others run.
  constexpr int kTasks = 3, kRounds = 300;
  std::atomic<int> turn{0}, stuck{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int id = 0; id < kTasks; ++id)
    vigil::go([&](int id) {
      for (int r = 0; r < kRounds; ++r) {
        if (!task_eventually([&] { return turn.load() % kTasks == id; }, std::chrono::seconds(3))) {
          stuck++;
          break;
        }
        turn++;
      }
      wg.done();
    }, id);
  wg.wait();
  EXPECT_EQ(stuck.load(), 0);
  EXPECT_EQ(turn.load(), kTasks * kRounds);
  vigil::yield();  // outside a task: a no-op
}

TEST_P(TaskTest, YieldingTasksDoNotStarveATaskStartedFromMain) {
  // Every worker runs a task that yields until a task started later by main
  // has run (Go's Gosched: every runnable goroutine gets its turn).
  const int spinners = GetParam();
  std::atomic<int> spinning{0}, starved{0};
  std::atomic<bool> late_ran{false};
  vigil::wait_group wg;
  wg.add(spinners + 1);
  for (int i = 0; i < spinners; ++i)
    vigil::go([&] {
      spinning++;
      if (!task_eventually([&] { return late_ran.load(); }, std::chrono::seconds(3))) starved++;
      wg.done();
    });
  ASSERT_TRUE(eventually([&] { return spinning.load() == spinners; }));
  vigil::go([&] {
    late_ran = true;
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(starved.load(), 0) << "a runnable task waited more than 3 s behind tasks calling yield()";
}

TEST_P(TaskTest, YieldingTasksDoNotStarveATaskWokenByItsTimer) {
  // The same with the late task woken by the timer thread at the end of a
  // sleep, while every worker runs a task that yields until it has run.
  const int spinners = GetParam();
  std::atomic<int> spinning{0}, starved{0};
  std::atomic<bool> sleeper_ran{false};
  vigil::wait_group wg;
  wg.add(spinners + 1);
  vigil::go([&] {
    vigil::sleep_for(20ms);
    sleeper_ran = true;
    wg.done();
  });
  for (int i = 0; i < spinners; ++i)
    vigil::go([&] {
      spinning++;
      if (!task_eventually([&] { return sleeper_ran.load(); }, std::chrono::seconds(3))) starved++;
      wg.done();
    });
  wg.wait();
  EXPECT_EQ(spinning.load(), spinners);
  EXPECT_EQ(starved.load(), 0) << "a task woken by its timer waited more than 3 s behind tasks calling yield()";
}

TEST_P(TaskTest, ProcsReportsTheWorkerCount) {
  EXPECT_EQ(vigil::procs(), GetParam());
  EXPECT_EQ(vigil::set_procs(3), GetParam());
  EXPECT_EQ(vigil::procs(), 3);
  // Tasks run with the new count.
  std::atomic<int> ran{0};
  vigil::wait_group wg;
  wg.add(10);
  for (int i = 0; i < 10; ++i)
    vigil::go([&] {
      ran++;
      wg.done();
    });
  wg.wait();
  EXPECT_EQ(ran.load(), 10);
  EXPECT_EQ(vigil::set_procs(GetParam()), 3);
}

// A foreign wait (std::condition_variable) with a safety valve: release()
// from main ends it if the test has already failed.
struct foreign_gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;  // guarded by m
  void wait() {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return open; });
  }
  void release() {
    {
      std::lock_guard lock(m);
      open = true;
    }
    cv.notify_all();
  }
};

// Main waits for n values on `done`, or gives up after a minute, opening
// `gate` so that the stuck tasks can finish; returns whether all arrived.
bool collect_or_rescue(vigil::chan<int> done, int n, foreign_gate& gate) {
  int got = 0;
  bool timed_out = false;
  auto deadline = vigil::after(std::chrono::seconds(60));
  while (got < n && !timed_out)
    vigil::select(vigil::on_recv(done, [&](std::optional<int>) { got++; }),
                  vigil::on_recv(deadline, [&](auto) { timed_out = true; }));
  if (timed_out) {
    gate.release();
    for (; got < n; ++got) done.recv();
  }
  return !timed_out;
}

TEST_P(TaskTest, BlockingKeepsTheOtherTasksRunning) {
  // A task blocks its thread in a foreign wait that only other tasks can end:
  // two tasks play 1000 rounds of ping-pong, then open the gate.
  foreign_gate gate;
  std::atomic<bool> inside{false};
  auto done = vigil::make_chan<int>(3);
  auto ping = vigil::make_chan<int>(), pong = vigil::make_chan<int>();
  auto entered = vigil::make_chan<int>(1);
  std::atomic<int> blocking_result{0};
  vigil::go([&, done, entered] {
    entered.send(0);
    blocking_result = vigil::blocking([&] {
      inside = true;
      gate.wait();
      return 7;
    });
    done.send(0);
  });
  vigil::go([&, done, ping, pong, entered] {
    entered.recv();
    task_eventually([&] { return inside.load(); });  // A is running: moments
    for (int i = 0; i < 1000; ++i) {
      ping.send(i);
      pong.recv();
    }
    gate.release();
    done.send(1);
  });
  vigil::go([done, ping, pong] {
    for (int i = 0; i < 1000; ++i) pong.send(*ping.recv());
    done.send(2);
  });
  EXPECT_TRUE(collect_or_rescue(done, 3, gate))
      << "the other tasks did not run while a task was in blocking()";
  EXPECT_EQ(blocking_result.load(), 7);
}

TEST_P(TaskTest, ManyTasksInBlockingAtOnce) {
  // Eight tasks each wait, inside blocking(), until all eight are inside:
  // the scheduler must lend as many threads as there are blocked calls.
  constexpr int kTasks = 8;
  foreign_gate gate;
  std::mutex m;
  std::condition_variable cv;
  int inside = 0;  // guarded by m
  auto done = vigil::make_chan<int>(kTasks);
  std::atomic<int> all_met{0};
  for (int i = 0; i < kTasks; ++i)
    vigil::go([&, done] {
      bool met = vigil::blocking([&] {
        std::unique_lock lock(m);
        ++inside;
        cv.notify_all();
        return cv.wait_for(lock, std::chrono::seconds(60), [&] { return inside == kTasks; });
      });
      all_met += met;
      done.send(0);
    });
  EXPECT_TRUE(collect_or_rescue(done, kTasks, gate));
  EXPECT_EQ(all_met.load(), kTasks);
}

TEST_P(TaskTest, BlockingReturnsValuesAndPropagatesExceptions) {
  // From main: just calls f.
  EXPECT_EQ(vigil::blocking([] { return 5; }), 5);
  EXPECT_THROW(vigil::blocking([]() -> int { throw std::runtime_error("main"); }), std::runtime_error);
  int x = 1;
  int& ref = vigil::blocking([&]() -> int& { return x; });
  EXPECT_EQ(&ref, &x);

  // From a task, where the handoff happens.
  std::atomic<int> ok{0};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    if (vigil::blocking([] { return std::string("value"); }) == "value") ok++;
    try {
      vigil::blocking([] { throw std::logic_error("in task"); });
    } catch (const std::logic_error& e) {
      if (std::strcmp(e.what(), "in task") == 0) ok++;
    }
    bool ran = false;
    vigil::blocking([&] { ran = true; });
    ok += ran;
    // Still a task afterwards: channels and yields work.
    vigil::yield();
    auto c = vigil::make_chan<int>(1);
    c.send(1);
    ok += *c.recv();
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(ok.load(), 4);
}

[[gnu::noinline]] int throw_at_depth(int depth, vigil::recv_chan<int> c) {
  if (depth == 0) {
    int v = *c.recv();  // parks: may resume on another worker
    throw std::runtime_error(std::to_string(v));
  }
  return throw_at_depth(depth - 1, c) + 1;
}

TEST_P(TaskTest, ExceptionsCaughtInsideTasksAcrossParks) {
  constexpr int kTasks = 32;
  auto c = vigil::make_chan<int>();
  std::atomic<int> caught{0};
  std::atomic<long> sum{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int i = 0; i < kTasks; ++i)
    vigil::go([&, c] {
      try {
        throw_at_depth(20, c);
      } catch (const std::runtime_error& e) {
        vigil::yield();
        caught++;
        sum += std::stol(e.what());
      }
      wg.done();
    });
  for (int i = 1; i <= kTasks; ++i) c.send(i);
  wg.wait();
  EXPECT_EQ(caught.load(), kTasks);
  EXPECT_EQ(sum.load(), long{kTasks} * (kTasks + 1) / 2);
}

TEST_P(TaskTest, TaskStackHoldsThirtyTwoKiB) {
  // Half the default 64 KiB stack in one frame, across a park.
  std::atomic<long> result{0};
  vigil::wait_group wg;
  wg.add(4);
  for (int t = 0; t < 4; ++t)
    vigil::go([&](int t) {
      volatile unsigned char big[32 * 1024];
      for (std::size_t i = 0; i < sizeof big; ++i) big[i] = static_cast<unsigned char>(i + t);
      vigil::sleep_for(1ms);
      long s = 0;
      for (std::size_t i = 0; i < sizeof big; ++i) s += big[i];
      result += s;
      wg.done();
    }, t);
  wg.wait();
  long expect = 0;
  for (int t = 0; t < 4; ++t)
    for (std::size_t i = 0; i < 32 * 1024; ++i) expect += static_cast<unsigned char>(i + t);
  EXPECT_EQ(result.load(), expect);
}

TEST_P(TaskTest, RandomScheduleTokenRing) {
  // N tasks in a ring of channels pass a counter around K times.
  constexpr int kTasks = 50, kLaps = 100;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    std::vector<vigil::chan<long>> ring;
    for (int i = 0; i < kTasks; ++i) ring.push_back(vigil::make_chan<long>(i % 3));
    auto result = vigil::make_chan<long>(1);
    vigil::wait_group wg;
    wg.add(kTasks);
    for (int i = 0; i < kTasks; ++i)
      vigil::go([&wg, result, seed](int i, vigil::recv_chan<long> in, vigil::send_chan<long> out) {
        rng r(seed * 1000 + i);
        for (int lap = 0; lap < kLaps; ++lap) {
          long v = *in.recv();
          maybe_yield(r, 3);
          if (r.below(50) == 0) vigil::sleep_for(std::chrono::microseconds(r.below(200)));
          if (i == kTasks - 1 && lap == kLaps - 1)
            result.send(v + 1);
          else
            out.send(v + 1);
        }
        wg.done();
      }, i, ring[i], ring[(i + 1) % kTasks]);
    ring[0].send(0);
    EXPECT_EQ(result.recv(), long{kTasks} * kLaps) << "seed " << seed;
    wg.wait();
  }
}

TEST_P(TaskTest, RandomSchedulePipelineAndSharedState) {
  // A pipeline whose stages each add their index (two workers per stage, a
  // closer task per stage), and a sink filling a mutex-guarded histogram;
  // random yields, sleeps and capacities.
  constexpr int kStages = 6, kValues = 3000;
  for (std::uint64_t seed : {11u, 12u}) {
    rng setup(seed);
    std::vector<vigil::chan<long>> links;
    for (int s = 0; s <= kStages; ++s) links.push_back(vigil::make_chan<long>(setup.below(4)));
    std::vector<vigil::wait_group> stage(kStages);
    vigil::wait_group all;
    all.add(kStages * 3 + 1);
    for (int s = 0; s < kStages; ++s) {
      stage[s].add(2);
      for (int copy = 0; copy < 2; ++copy)
        vigil::go([&, seed](int s, int copy, vigil::recv_chan<long> in, vigil::send_chan<long> out) {
          rng r(seed * 100 + s * 2 + copy);
          for (long v : in) {
            maybe_yield(r);
            if (r.below(200) == 0) vigil::sleep_for(std::chrono::microseconds(50));
            out.send(v + s);
          }
          stage[s].done();
          all.done();
        }, s, copy, links[s], links[s + 1]);
      vigil::go([&](int s, vigil::send_chan<long> out) {
        stage[s].wait();
        out.close();
        all.done();
      }, s, links[s + 1]);
    }
    vigil::mutex mu;
    std::vector<int> histogram(16, 0);  // guarded by mu
    long sum = 0;                       // guarded by mu
    vigil::go([&] {
      rng r(seed);
      for (long v : links[kStages]) {
        std::lock_guard lock(mu);
        histogram[v % 16]++;
        sum += v;
        maybe_yield(r);
      }
      all.done();
    });
    for (long i = 0; i < kValues; ++i) links[0].send(i);
    links[0].close();
    all.wait();
    long stage_sum = 0;
    for (int s = 0; s < kStages; ++s) stage_sum += s;
    std::lock_guard lock(mu);
    EXPECT_EQ(sum, long{kValues} * (kValues - 1) / 2 + kValues * stage_sum) << "seed " << seed;
    int counted_values = 0;
    for (int h : histogram) counted_values += h;
    EXPECT_EQ(counted_values, kValues) << "seed " << seed;
  }
}

TEST_P(TaskTest, RandomScheduleMixedPrimitives) {
  // Tasks pick random operations on shared primitives; the totals must add up.
  constexpr int kTasks = 40, kOps = 400;
  vigil::mutex mu;
  long guarded = 0;  // guarded by mu
  vigil::rw_mutex rw;
  long rw_value = 0;  // guarded by rw
  auto tokens = vigil::make_chan<int>(kTasks);  // every task returns what it takes
  for (int i = 0; i < kTasks / 2; ++i) tokens.send(1);
  std::atomic<long> mutex_ops{0}, rw_writes{0}, bad_reads{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int t = 0; t < kTasks; ++t)
    vigil::go([&, tokens](int t) {
      rng r(t + 77);
      for (int op = 0; op < kOps; ++op) {
        switch (r.below(5)) {
          case 0: {
            std::lock_guard lock(mu);
            guarded++;
            mutex_ops++;
            maybe_yield(r);
            break;
          }
          case 1: {
            std::lock_guard lock(rw);
            rw_value += 2;
            rw_writes++;
            break;
          }
          case 2: {
            std::shared_lock lock(rw);
            if (rw_value % 2) bad_reads++;
            maybe_yield(r);
            break;
          }
          case 3: {
            int tok = *tokens.recv();
            maybe_yield(r);
            tokens.send(tok);
            break;
          }
          default:
            if (r.below(4) == 0)
              vigil::sleep_for(std::chrono::microseconds(r.below(100)));
            else
              vigil::yield();
        }
      }
      wg.done();
    }, t);
  wg.wait();
  std::lock_guard lock(mu);
  EXPECT_EQ(guarded, mutex_ops.load());
  EXPECT_EQ(rw_value, 2 * rw_writes.load());
  EXPECT_EQ(bad_reads.load(), 0);
  EXPECT_EQ(tokens.len(), std::size_t{kTasks / 2});
}

}  // namespace
