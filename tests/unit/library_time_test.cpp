// library_time_test.cpp — vigil::sleep_for, after and ticker.
//
// Timers never fire early, so every timing check here is a lower bound; the
// machine running the tests may be loaded, so nothing bounds lateness except
// the test's own timeout. Negative checks ("no tick arrives after stop") wait
// several periods.
#include <gtest/gtest.h>
#include <vigil/vigil.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "library_test_util.h"

using namespace vigil_test;

namespace {

class TimeTest : public procs_fixture {};
VIGIL_INSTANTIATE_PROCS(TimeTest);

using time_point = steady::time_point;

TEST_P(TimeTest, SleepForNeverReturnsEarly) {
  auto t0 = steady::now();
  vigil::sleep_for(15ms);  // main thread
  EXPECT_GE(steady::now() - t0, 15ms);

  constexpr int kTasks = 32;
  std::atomic<int> early{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int i = 0; i < kTasks; ++i)
    vigil::go([&](int i) {
      // Different duration types: microseconds, milliseconds, double seconds.
      auto start = steady::now();
      switch (i % 3) {
        case 0:
          vigil::sleep_for(std::chrono::microseconds(1500 + 500 * i));
          if (steady::now() - start < std::chrono::microseconds(1500 + 500 * i)) early++;
          break;
        case 1:
          vigil::sleep_for(std::chrono::milliseconds(i));
          if (steady::now() - start < std::chrono::milliseconds(i)) early++;
          break;
        default:
          vigil::sleep_for(std::chrono::duration<double>(0.001 * i));
          if (steady::now() - start < std::chrono::duration<double>(0.001 * i)) early++;
      }
      wg.done();
    }, i);
  std::thread plain([&] {
    auto start = steady::now();
    vigil::sleep_for(10ms);
    if (steady::now() - start < 10ms) early++;
  });
  plain.join();
  wg.wait();
  EXPECT_EQ(early.load(), 0);
}

TEST_P(TimeTest, ZeroAndNegativeSleepsReturn) {
  vigil::sleep_for(0ms);
  vigil::sleep_for(-5ms);
  std::atomic<int> returned{0};
  vigil::wait_group wg;
  wg.add(4);
  for (int i = 0; i < 4; ++i)
    vigil::go([&] {
      vigil::sleep_for(std::chrono::nanoseconds(0));
      vigil::sleep_for(std::chrono::seconds(-1));
      returned++;
      wg.done();
    });
  wg.wait();
  EXPECT_EQ(returned.load(), 4);
  // after() with a non-positive duration fires at once (no deadline to test,
  // only that the value arrives).
  EXPECT_TRUE(vigil::after(0ms).recv().has_value());
  EXPECT_TRUE(vigil::after(-1s).recv().has_value());
}

// Fills a frame with a pattern, parks, and checks the pattern: a write into
// the stack after the task resumed (by code that still thinks the task is
// where it was) shows up here, since this frame reuses the sleep's stack.
[[gnu::noinline]] bool frame_intact_across_a_park() {
  volatile unsigned char frame[2048];
  for (auto& b : frame) b = 0xA5;
  for (int i = 0; i < 3; ++i) vigil::yield();
  for (auto& b : frame)
    if (b != 0xA5) return false;
  return true;
}

TEST_P(TimeTest, ShortSleepsLeaveTheTaskStackAlone) {
  // Sleeps of 0-20 us: the timer often fires, and the task resumes on another
  // worker, before the worker that parked it has finished arming the timer.
  constexpr int kTasks = 16, kSleeps = 3000;
  std::atomic<int> corrupted{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int t = 0; t < kTasks; ++t)
    vigil::go([&](int t) {
      rng r(t + 1);
      for (int i = 0; i < kSleeps; ++i) {
        vigil::sleep_for(std::chrono::microseconds(r.below(20)));
        if (!frame_intact_across_a_park()) corrupted++;
      }
      wg.done();
    }, t);
  wg.wait();
  EXPECT_EQ(corrupted.load(), 0) << "a task's stack changed under it after sleep_for returned";
}

TEST(TimeSchedTest, SleepParksTheTaskNotTheWorker) {
  // One worker: while a task sleeps, two others play ping-pong to the end.
  vigil::set_procs(1);
  std::atomic<bool> sleeper_awake{false}, game_over_first{false};
  vigil::wait_group wg;
  wg.add(3);
  vigil::go([&] {
    vigil::sleep_for(500ms);
    sleeper_awake = true;
    wg.done();
  });
  auto ping = vigil::make_chan<int>(), pong = vigil::make_chan<int>();
  vigil::go([&, ping, pong] {
    for (int i = 0; i < 1000; ++i) {
      ping.send(i);
      pong.recv();
    }
    game_over_first = !sleeper_awake.load();
    wg.done();
  });
  vigil::go([&, ping, pong] {
    for (int i = 0; i < 1000; ++i) pong.send(*ping.recv());
    wg.done();
  });
  wg.wait();
  EXPECT_TRUE(game_over_first.load());
}

TEST_P(TimeTest, AfterDeliversTheTimeOnce) {
  auto t0 = steady::now();
  vigil::recv_chan<time_point> c = vigil::after(20ms);
  EXPECT_EQ(c.cap(), 1u);
  std::optional<time_point> fired = c.recv();
  auto t1 = steady::now();
  ASSERT_TRUE(fired.has_value());
  EXPECT_GE(*fired - t0, 20ms);  // the value is the firing time
  EXPECT_GE(t1 - t0, 20ms);
  EXPECT_LE(*fired, t1);
  // Exactly one value: nothing more arrives (and the channel is not closed).
  bool more = false;
  vigil::select(vigil::on_recv(c, [&](std::optional<time_point>) { more = true; }),
                vigil::on_recv(vigil::after(30ms), [](auto) {}));
  EXPECT_FALSE(more);

  // Many timers at once, in tasks, each receiving its own.
  constexpr int kTasks = 500;
  std::atomic<int> early{0}, got{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int i = 0; i < kTasks; ++i)
    vigil::go([&](int i) {
      auto d = std::chrono::milliseconds(i % 25);
      auto start = steady::now();
      std::optional<time_point> at = vigil::after(d).recv();
      if (at) got++;
      if (!at || *at - start < d || steady::now() - start < d) early++;
      wg.done();
    }, i);
  wg.wait();
  EXPECT_EQ(got.load(), kTasks);
  EXPECT_EQ(early.load(), 0);
}

TEST_P(TimeTest, UnreceivedAfterTimersAreHarmless) {
  // Nobody keeps the channels: the timers still fire (into channels only
  // they hold) and are freed.
  for (int i = 0; i < 2000; ++i) (void)vigil::after(std::chrono::microseconds(i % 50 * 100));
  // A later timer of the same clock fires after all of them.
  EXPECT_TRUE(vigil::after(20ms).recv().has_value());
  // Still working normally afterwards.
  auto t0 = steady::now();
  vigil::sleep_for(5ms);
  EXPECT_GE(steady::now() - t0, 5ms);
}

TEST_P(TimeTest, TickerTicksEveryPeriod) {
  constexpr auto kPeriod = 10ms;
  auto t0 = steady::now();
  vigil::ticker t(kPeriod);
  vigil::recv_chan<time_point> c = t.c();
  EXPECT_EQ(c.cap(), 1u);
  time_point last = t0;
  for (int k = 1; k <= 5; ++k) {
    std::optional<time_point> tick = c.recv();
    ASSERT_TRUE(tick.has_value());
    // Ticks may be dropped under load, never early: the k-th one received is
    // at least k periods in, and the times increase.
    EXPECT_GE(*tick - t0, k * kPeriod) << "tick " << k;
    EXPECT_GT(*tick, last);
    last = *tick;
  }
  EXPECT_GE(steady::now() - t0, 5 * kPeriod);
}

TEST_P(TimeTest, TickerDropsTicksNobodyReceives) {
  vigil::ticker t(2ms);
  vigil::sleep_for(40ms);
  EXPECT_LE(t.c().len(), 1u);  // room for one tick, as in Go
  EXPECT_TRUE(t.c().recv().has_value());
}

TEST_P(TimeTest, TickerStopEndsTheTicks) {
  constexpr auto kPeriod = 5ms;
  vigil::ticker t(kPeriod);
  vigil::recv_chan<time_point> c = t.c();
  ASSERT_TRUE(c.recv().has_value());
  t.stop();
  // One tick may already be in the channel; none after that.
  vigil::select(vigil::on_recv(c, [](std::optional<time_point>) {}), vigil::on_default([] {}));
  vigil::sleep_for(10 * kPeriod);
  EXPECT_EQ(c.len(), 0u);
  bool ticked = false;
  vigil::select(vigil::on_recv(c, [&](std::optional<time_point>) { ticked = true; }),
                vigil::on_default([] {}));
  EXPECT_FALSE(ticked);
  t.stop();  // stopping twice is harmless
}

TEST_P(TimeTest, TickerResetChangesThePeriod) {
  // An hour-long ticker reset to 10ms ticks within the test.
  vigil::ticker t(std::chrono::hours(1));
  auto t0 = steady::now();
  t.reset(10ms);
  bool ticked = false;
  vigil::select(vigil::on_recv(t.c(), [&](std::optional<time_point> v) { ticked = v.has_value(); }),
                vigil::on_recv(vigil::after(60s), [](auto) {}));
  EXPECT_TRUE(ticked) << "no tick within a minute after reset(10ms)";
  EXPECT_GE(steady::now() - t0, 10ms);

  // Reset restarts a stopped ticker.
  t.stop();
  vigil::select(vigil::on_recv(t.c(), [](std::optional<time_point>) {}), vigil::on_default([] {}));
  auto t1 = steady::now();
  t.reset(5ms);
  ASSERT_TRUE(t.c().recv().has_value());
  EXPECT_GE(steady::now() - t1, 5ms);
  ASSERT_TRUE(t.c().recv().has_value());
  EXPECT_GE(steady::now() - t1, 10ms);
}

TEST_P(TimeTest, TickerDestructorStopsIt) {
  constexpr auto kPeriod = 3ms;
  vigil::recv_chan<time_point> c;
  {
    vigil::ticker t(kPeriod);
    c = t.c();
    ASSERT_TRUE(c.recv().has_value());
  }
  vigil::select(vigil::on_recv(c, [](std::optional<time_point>) {}), vigil::on_default([] {}));
  vigil::sleep_for(10 * kPeriod);
  EXPECT_EQ(c.len(), 0u);
}

TEST_P(TimeTest, TickerInATaskWithAQuitChannel) {
  // The usual loop: tick until told to stop.
  auto quit = vigil::make_chan<int>();
  std::atomic<int> ticks{0};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&, quit] {
    vigil::ticker t(1ms);
    for (bool stop = false; !stop;)
      vigil::select(vigil::on_recv(t.c(), [&](std::optional<time_point>) { ticks++; }),
                    vigil::on_recv(quit, [&](std::optional<int>) { stop = true; }));
    wg.done();
  });
  ASSERT_TRUE(eventually([&] { return ticks.load() >= 5; }));
  quit.close();
  wg.wait();
  EXPECT_GE(ticks.load(), 5);
}

}  // namespace
