// library_select_test.cpp — vigil::select against Go's select statement.
//
// Readiness, default, nil cases, send cases, closed channels, blocking until
// a case is ready, timeouts through after(), and the uniform random choice
// among ready cases (a fixed-trial statistical test: 6 sigma bounds, so a
// fair implementation fails it about once in 10^8 runs).
#include <gtest/gtest.h>
#include <vigil/vigil.h>

#include <array>
#include <atomic>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include "library_test_util.h"

using namespace vigil_test;

namespace {

class SelectTest : public procs_fixture {};
VIGIL_INSTANTIATE_PROCS(SelectTest);

// Counts and 6-sigma bound for `trials` draws with probability p each.
void expect_binomial(long count, long trials, double p, const char* what) {
  double mean = trials * p;
  double sigma = std::sqrt(trials * p * (1 - p));
  EXPECT_NEAR(static_cast<double>(count), mean, 6 * sigma)
      << what << ": chosen " << count << " times in " << trials << " selects";
}

TEST_P(SelectTest, ChoosesTheReadyCase) {
  auto ready = vigil::make_chan<int>(1);
  auto empty = vigil::make_chan<int>(1);
  for (int i = 0; i < 1000; ++i) {
    ready.send(i);
    int got = -1;
    bool wrong = false;
    vigil::select(vigil::on_recv(empty, [&](std::optional<int>) { wrong = true; }),
                  vigil::on_recv(ready, [&](std::optional<int> v) { got = *v; }));
    ASSERT_FALSE(wrong);
    ASSERT_EQ(got, i);
  }
  EXPECT_EQ(ready.len(), 0u);
}

TEST_P(SelectTest, DefaultRunsOnlyWhenNothingIsReady) {
  auto a = vigil::make_chan<int>(1);
  auto b = vigil::make_chan<int>();
  int defaults = 0, receives = 0;
  for (int i = 0; i < 1000; ++i)
    vigil::select(vigil::on_recv(a, [&](std::optional<int>) { receives++; }),
                  vigil::on_recv(b, [&](std::optional<int>) { receives++; }),
                  vigil::on_default([&] { defaults++; }));
  EXPECT_EQ(defaults, 1000);
  EXPECT_EQ(receives, 0);

  defaults = receives = 0;
  for (int i = 0; i < 1000; ++i) {
    a.send(i);
    vigil::select(vigil::on_default([&] { defaults++; }),
                  vigil::on_recv(a, [&](std::optional<int> v) { receives += *v == i; }));
  }
  EXPECT_EQ(defaults, 0);
  EXPECT_EQ(receives, 1000);

  bool ran = false;
  vigil::select(vigil::on_default([&] { ran = true; }));
  EXPECT_TRUE(ran);
}

TEST_P(SelectTest, NilCasesAreNeverChosen) {
  vigil::chan<int> nil;
  auto ready = vigil::make_chan<int>();
  ready.close();  // always ready
  int nil_chosen = 0, ready_chosen = 0, defaults = 0;
  for (int i = 0; i < 1000; ++i)
    vigil::select(vigil::on_recv(nil, [&](std::optional<int>) { nil_chosen++; }),
                  vigil::on_send(nil, 1, [&] { nil_chosen++; }),
                  vigil::on_recv(ready, [&](std::optional<int>) { ready_chosen++; }),
                  vigil::on_send(vigil::send_chan<int>(), 2, [&] { nil_chosen++; }));
  for (int i = 0; i < 1000; ++i)
    vigil::select(vigil::on_recv(nil, [&](std::optional<int>) { nil_chosen++; }),
                  vigil::on_send(nil, 1, [&] { nil_chosen++; }),
                  vigil::on_default([&] { defaults++; }));
  EXPECT_EQ(nil_chosen, 0);
  EXPECT_EQ(ready_chosen, 1000);
  EXPECT_EQ(defaults, 1000);
}

TEST_P(SelectTest, SendCases) {
  // Room in the buffer: the send case is ready; its callback runs after the
  // value is in the channel.
  auto c = vigil::make_chan<int>(1);
  std::size_t len_in_callback = 99;
  vigil::select(vigil::on_send(c, 5, [&] { len_in_callback = c.len(); }),
                vigil::on_default([] { FAIL() << "send case was ready"; }));
  EXPECT_EQ(len_in_callback, 1u);
  // Full: default, and the unsent value is destroyed, not leaked.
  tracked::live = 0;
  {
    auto t = vigil::make_chan<tracked>(1);
    t.send(tracked(1));
    bool defaulted = false;
    vigil::select(vigil::on_send(t, tracked(2), [] { FAIL() << "buffer was full"; }),
                  vigil::on_default([&] { defaulted = true; }));
    EXPECT_TRUE(defaulted);
    EXPECT_EQ(tracked::live.load(), 1);
    EXPECT_EQ(t.recv()->value, 1);
    bool sent = false;
    vigil::select(vigil::on_send(t, tracked(3), [&] { sent = true; }));
    EXPECT_TRUE(sent);
    EXPECT_EQ(tracked::live.load(), 1);
    EXPECT_EQ(t.recv()->value, 3);
  }
  EXPECT_EQ(tracked::live.load(), 0);

  // Unbuffered: the send case waits for a receiver, then hands it the value.
  auto u = vigil::make_chan<std::unique_ptr<int>>();
  std::atomic<bool> sent{false};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([u, &sent, &wg] {
    vigil::select(vigil::on_send(u, std::make_unique<int>(9), [&] { sent = true; }));
    wg.done();
  });
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_FALSE(sent.load());
  std::optional<std::unique_ptr<int>> got = u.recv();
  wg.wait();
  EXPECT_TRUE(sent.load());
  ASSERT_TRUE(got && *got);
  EXPECT_EQ(**got, 9);
}

TEST_P(SelectTest, ClosedChannelIsAlwaysReady) {
  auto c = vigil::make_chan<int>(2);
  c.send(1);
  c.send(2);
  c.close();
  std::vector<std::optional<int>> got;
  for (int i = 0; i < 4; ++i)
    vigil::select(vigil::on_recv(c, [&](std::optional<int> v) { got.push_back(v); }),
                  vigil::on_default([&] { got.push_back(-1); }));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], 1);  // buffered values first
  EXPECT_EQ(got[1], 2);
  EXPECT_EQ(got[2], std::nullopt);  // then "closed", never the default
  EXPECT_EQ(got[3], std::nullopt);

  // A select blocked on a channel wakes when it is closed.
  auto d = vigil::make_chan<int>();
  auto other = vigil::make_chan<int>();
  std::atomic<int> result{0};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&, d, other] {
    vigil::select(vigil::on_recv(other, [&](std::optional<int>) { result = 1; }),
                  vigil::on_recv(d, [&](std::optional<int> v) { result = v ? 2 : 3; }));
    wg.done();
  });
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_EQ(result.load(), 0);
  d.close();
  wg.wait();
  EXPECT_EQ(result.load(), 3);
}

TEST_P(SelectTest, BlocksUntilACaseBecomesReady) {
  auto a = vigil::make_chan<int>();
  auto b = vigil::make_chan<int>();
  std::atomic<bool> started{false};
  std::atomic<int> chosen{-1};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&, a, b] {
    started = true;
    vigil::select(vigil::on_recv(a, [&](std::optional<int> v) { chosen = 100 + *v; }),
                  vigil::on_recv(b, [&](std::optional<int> v) { chosen = 200 + *v; }));
    wg.done();
  });
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_EQ(chosen.load(), -1);
  b.send(5);  // unbuffered: returns once the select took it
  wg.wait();
  EXPECT_EQ(chosen.load(), 205);

  // The same with main selecting and a plain thread making a case ready.
  std::thread sender([a] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    a.send(7);
  });
  int got = 0;
  vigil::select(vigil::on_recv(b, [&](std::optional<int>) { got = -1; }),
                vigil::on_recv(a, [&](std::optional<int> v) { got = *v; }));
  sender.join();
  EXPECT_EQ(got, 7);
}

TEST_P(SelectTest, TimesOutThroughAfter) {
  auto never = vigil::make_chan<int>();
  auto t0 = steady::now();
  bool timed_out = false, received = false;
  vigil::select(vigil::on_recv(never, [&](std::optional<int>) { received = true; }),
                vigil::on_recv(vigil::after(20ms), [&](auto) { timed_out = true; }));
  EXPECT_TRUE(timed_out);
  EXPECT_FALSE(received);
  EXPECT_GE(steady::now() - t0, 20ms);

  // A ready case beats a far-off timeout.
  auto ready = vigil::make_chan<int>(1);
  ready.send(3);
  int got = 0;
  vigil::select(vigil::on_recv(ready, [&](std::optional<int> v) { got = *v; }),
                vigil::on_recv(vigil::after(std::chrono::hours(1)), [&](auto) { got = -1; }));
  EXPECT_EQ(got, 3);

  // In tasks, many at once.
  constexpr int kTasks = 50;
  std::atomic<int> timeouts{0}, early{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int i = 0; i < kTasks; ++i)
    vigil::go([&, never](int i) {
      auto d = std::chrono::milliseconds(1 + i % 10);
      auto start = steady::now();
      vigil::select(vigil::on_recv(never, [](std::optional<int>) {}),
                    vigil::on_recv(vigil::after(d), [&](auto) { timeouts++; }));
      if (steady::now() - start < d) early++;
      wg.done();
    }, i);
  wg.wait();
  EXPECT_EQ(timeouts.load(), kTasks);
  EXPECT_EQ(early.load(), 0);
}

TEST_P(SelectTest, ChoosesUniformlyAmongTwoReadyCases) {
  constexpr long kTrials = 20000;
  auto a = vigil::make_chan<int>();
  auto b = vigil::make_chan<int>();
  a.close();
  b.close();
  long na = 0, nb = 0;
  for (long i = 0; i < kTrials; ++i)
    vigil::select(vigil::on_recv(a, [&](std::optional<int>) { na++; }),
                  vigil::on_recv(b, [&](std::optional<int>) { nb++; }));
  EXPECT_EQ(na + nb, kTrials);
  expect_binomial(na, kTrials, 0.5, "first case");
  expect_binomial(nb, kTrials, 0.5, "second case");
}

TEST_P(SelectTest, ChoosesUniformlyAmongMixedReadyCasesInATask) {
  // Four always-ready cases of different kinds, selected from a task: a
  // buffered value (refilled), a closed channel, a send with room (drained),
  // another buffered value.
  constexpr long kTrials = 20000;
  auto full1 = vigil::make_chan<int>(1);
  auto full2 = vigil::make_chan<int>(1);
  auto closed = vigil::make_chan<int>();
  auto room = vigil::make_chan<int>(1);
  full1.send(1);
  full2.send(2);
  closed.close();
  std::array<long, 4> n{};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    for (long i = 0; i < kTrials; ++i) {
      int which = -1;
      vigil::select(vigil::on_recv(full1, [&](std::optional<int>) { which = 0; }),
                    vigil::on_recv(closed, [&](std::optional<int>) { which = 1; }),
                    vigil::on_send(room, 3, [&] { which = 2; }),
                    vigil::on_recv(full2, [&](std::optional<int>) { which = 3; }));
      n[which]++;
      if (which == 0) full1.send(1);
      if (which == 2) room.recv();
      if (which == 3) full2.send(2);
    }
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(n[0] + n[1] + n[2] + n[3], kTrials);
  for (int k = 0; k < 4; ++k) expect_binomial(n[k], kTrials, 0.25, "case");
}

TEST_P(SelectTest, SelectingSenderMeetsSelectingReceiver) {
  // Both ends of an unbuffered channel in selects (Go's select-to-select
  // rendezvous), with a nil case on each side.
  constexpr int kValues = 5000;
  auto c = vigil::make_chan<int>();
  vigil::chan<int> nil;
  long sum = 0;
  int received = 0;
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([&, c, nil] {
    rng r(5);
    for (int i = 0; i < kValues; ++i) {
      maybe_yield(r);
      vigil::select(vigil::on_send(c, i, [] {}), vigil::on_recv(nil, [](std::optional<int>) {}));
    }
    wg.done();
  });
  vigil::go([&, c, nil] {
    rng r(6);
    for (int i = 0; i < kValues; ++i) {
      maybe_yield(r);
      vigil::select(vigil::on_send(nil, 0, [] {}), vigil::on_recv(c, [&](std::optional<int> v) {
                      sum += *v;
                      received++;
                    }));
    }
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(received, kValues);
  EXPECT_EQ(sum, long{kValues} * (kValues - 1) / 2);
}

TEST_P(SelectTest, MergesChannelsDisablingClosedOnesWithNil) {
  // Go's idiom: once a channel is drained, set the case's channel to nil.
  constexpr int kProducers = 3, kPer = 3000;
  std::array<vigil::chan<int>, kProducers> in;
  vigil::wait_group wg;
  wg.add(kProducers);
  for (int p = 0; p < kProducers; ++p) {
    in[p] = vigil::make_chan<int>(p);  // capacities 0, 1, 2
    vigil::go([c = in[p], &wg](int p) {
      rng r(p + 20);
      for (int i = 0; i < kPer; ++i) {
        maybe_yield(r);
        c.send(p * kPer + i);
      }
      c.close();
      wg.done();
    }, p);
  }
  long sum = 0;
  int n = 0, open = kProducers;
  auto take = [&](int p) {
    return [&, p](std::optional<int> v) {
      if (!v) {
        in[p] = vigil::chan<int>();
        open--;
        return;
      }
      sum += *v;
      n++;
    };
  };
  while (open > 0)
    vigil::select(vigil::on_recv(in[0], take(0)), vigil::on_recv(in[1], take(1)),
                  vigil::on_recv(in[2], take(2)));
  wg.wait();
  constexpr long kTotal = kProducers * kPer;
  EXPECT_EQ(n, kTotal);
  EXPECT_EQ(sum, kTotal * (kTotal - 1) / 2);
}

TEST_P(SelectTest, ManySelectorsOnSharedChannels) {
  // Tasks select between two shared work channels and a quit channel; every
  // value is received exactly once, and quit reaches them all.
  constexpr int kSelectors = 8, kValues = 20000;
  auto a = vigil::make_chan<int>(4);
  auto b = vigil::make_chan<int>();
  auto quit = vigil::make_chan<int>();
  std::vector<std::atomic<std::uint8_t>> seen(kValues);
  std::atomic<int> received{0};
  vigil::wait_group selectors, producers;
  selectors.add(kSelectors);
  for (int s = 0; s < kSelectors; ++s)
    vigil::go([&, a, b, quit](int s) {
      rng r(s + 40);
      bool stop = false;
      while (!stop) {
        auto got = [&](std::optional<int> v) {
          seen[*v]++;
          received++;
        };
        vigil::select(vigil::on_recv(a, got), vigil::on_recv(b, got),
                      vigil::on_recv(quit, [&](std::optional<int>) { stop = true; }));
        maybe_yield(r);
      }
      selectors.done();
    }, s);
  producers.add(2);
  for (int p = 0; p < 2; ++p)
    vigil::go([&, a, b](int p) {
      rng r(p + 50);
      for (int i = p; i < kValues; i += 2) {
        maybe_yield(r);
        (r.below(2) ? a : b).send(i);
      }
      producers.done();
    }, p);
  producers.wait();
  ASSERT_TRUE(eventually([&] { return received.load() == kValues; }));
  quit.close();
  selectors.wait();
  int not_once = 0;
  for (auto& s : seen) not_once += s.load() != 1;
  EXPECT_EQ(not_once, 0);
  EXPECT_EQ(received.load(), kValues);
}

TEST_P(SelectTest, SelectWithNoReadyCaseEverBlocksForever) {
  // Abandoned on purpose: an empty select and a select of nil channels.
  auto progress = std::make_shared<std::atomic<int>>(0);
  vigil::go([progress] {
    progress->fetch_add(1);
    vigil::select();
    progress->fetch_add(100);
  });
  vigil::go([progress] {
    progress->fetch_add(1);
    vigil::chan<int> nil;
    vigil::select(vigil::on_recv(nil, [](std::optional<int>) {}), vigil::on_send(nil, 1, [] {}));
    progress->fetch_add(100);
  });
  ASSERT_TRUE(eventually([&] { return progress->load() == 2; }));
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_EQ(progress->load(), 2);
}

}  // namespace
