// library_chan_test.cpp — vigil::chan against Go's channel semantics.
//
// Rendezvous, FIFO order, len/cap, close (wakes every receiver, drains the
// buffer first, ends range-for), the nil channel, move-only and over-aligned
// elements, directional views, and many-to-many stress with a checksum, with
// tasks, the main thread and plain std::threads on either end.
#include <gtest/gtest.h>
#include <vigil/vigil.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "library_test_util.h"

using namespace vigil_test;

namespace {

class ChanTest : public procs_fixture {};
VIGIL_INSTANTIATE_PROCS(ChanTest);

// Directional views convert from chan<T>, never back, and expose only their
// own direction (Go's chan<- T and <-chan T).
static_assert(std::is_convertible_v<vigil::chan<int>, vigil::send_chan<int>>);
static_assert(std::is_convertible_v<vigil::chan<int>, vigil::recv_chan<int>>);
static_assert(!std::is_convertible_v<vigil::send_chan<int>, vigil::chan<int>>);
static_assert(!std::is_convertible_v<vigil::recv_chan<int>, vigil::chan<int>>);
static_assert(!std::is_convertible_v<vigil::recv_chan<int>, vigil::send_chan<int>>);
static_assert(!std::is_convertible_v<vigil::send_chan<int>, vigil::recv_chan<int>>);
template <class C> concept can_send = requires(const C& c) { c.send(1); };
template <class C> concept can_recv = requires(const C& c) { c.recv(); };
template <class C> concept can_close = requires(const C& c) { c.close(); };
static_assert(can_send<vigil::chan<int>> && can_recv<vigil::chan<int>> && can_close<vigil::chan<int>>);
static_assert(can_send<vigil::send_chan<int>> && can_close<vigil::send_chan<int>>);
static_assert(!can_recv<vigil::send_chan<int>>);
static_assert(can_recv<vigil::recv_chan<int>>);
static_assert(!can_send<vigil::recv_chan<int>> && !can_close<vigil::recv_chan<int>>);
static_assert(std::is_same_v<decltype(std::declval<vigil::chan<int>>().recv()), std::optional<int>>);

TEST_P(ChanTest, UnbufferedSendWaitsForItsReceiver) {
  auto c = vigil::make_chan<int>();
  std::atomic<bool> sent{false};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([c, &sent, &wg] {
    c.send(7);
    sent = true;
    wg.done();
  });
  // Nobody receives yet: the send must not complete, and nothing is buffered.
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_FALSE(sent.load());
  EXPECT_EQ(c.len(), 0u);
  EXPECT_EQ(c.cap(), 0u);
  EXPECT_EQ(c.recv(), 7);
  wg.wait();
  EXPECT_TRUE(sent.load());
}

TEST_P(ChanTest, UnbufferedReceiveHappensBeforeSendCompletes) {
  // The receiver announces round i before receiving it; a send that
  // completed before its receive started would see an older announcement.
  constexpr int kRounds = 2000;
  auto c = vigil::make_chan<int>();
  std::atomic<int> announced{0}, early{0}, wrong{0};
  vigil::wait_group wg;
  wg.add(2);
  vigil::go([&, c] {
    rng r(1);
    for (int i = 0; i < kRounds; ++i) {
      maybe_yield(r);
      c.send(i);
      if (announced.load() < i + 1) early++;
    }
    wg.done();
  });
  vigil::go([&, c] {
    rng r(2);
    for (int i = 0; i < kRounds; ++i) {
      maybe_yield(r);
      announced = i + 1;
      if (c.recv() != i) wrong++;
    }
    wg.done();
  });
  wg.wait();
  EXPECT_EQ(early.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
}

TEST_P(ChanTest, BufferedChannelIsFifo) {
  auto c = vigil::make_chan<int>(100);
  for (int i = 0; i < 100; ++i) c.send(i);  // room for all: never blocks
  EXPECT_EQ(c.len(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(c.recv(), i);
  EXPECT_EQ(c.len(), 0u);

  // A small buffer between a task and main keeps the order too.
  constexpr int kValues = 20000;
  auto d = vigil::make_chan<int>(8);
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([d, &wg] {
    rng r(3);
    for (int i = 0; i < kValues; ++i) {
      maybe_yield(r);
      d.send(i);
    }
    d.close();
    wg.done();
  });
  int expect = 0, out_of_order = 0;
  for (int v : d) {
    if (v != expect) out_of_order++;
    expect = v + 1;
  }
  wg.wait();
  EXPECT_EQ(expect, kValues);
  EXPECT_EQ(out_of_order, 0);
}

TEST_P(ChanTest, EachSendersValuesArriveInItsOrder) {
  // Several senders: their values interleave, but each sender's stay in order.
  constexpr int kSenders = 4, kPer = 5000;
  for (std::size_t cap : {std::size_t{0}, std::size_t{3}}) {
    auto c = vigil::make_chan<std::pair<int, int>>(cap);
    vigil::wait_group wg;
    wg.add(kSenders);
    for (int s = 0; s < kSenders; ++s)
      vigil::go([c, &wg](int s) {
        rng r(s + 10);
        for (int i = 0; i < kPer; ++i) {
          maybe_yield(r);
          c.send({s, i});
        }
        wg.done();
      }, s);
    std::array<int, kSenders> next{};
    int bad = 0;
    for (int n = 0; n < kSenders * kPer; ++n) {
      auto [s, i] = *c.recv();
      if (i != next[s]) bad++;
      next[s] = i + 1;
    }
    wg.wait();
    EXPECT_EQ(bad, 0) << "cap " << cap;
    for (int s = 0; s < kSenders; ++s) EXPECT_EQ(next[s], kPer);
  }
}

TEST_P(ChanTest, LenAndCap) {
  auto c = vigil::make_chan<int>(5);
  EXPECT_EQ(c.cap(), 5u);
  EXPECT_EQ(c.len(), 0u);
  c.send(1);
  c.send(2);
  c.send(3);
  EXPECT_EQ(c.len(), 3u);
  vigil::send_chan<int> s = c;
  vigil::recv_chan<int> r = c;
  EXPECT_EQ(s.len(), 3u);
  EXPECT_EQ(r.len(), 3u);
  EXPECT_EQ(s.cap(), 5u);
  EXPECT_EQ(r.cap(), 5u);
  EXPECT_EQ(r.recv(), 1);
  EXPECT_EQ(c.len(), 2u);
  c.close();  // len still counts what is buffered
  EXPECT_EQ(c.len(), 2u);
  EXPECT_EQ(c.cap(), 5u);
  c.recv();
  c.recv();
  EXPECT_EQ(c.len(), 0u);

  auto u = vigil::make_chan<int>();
  EXPECT_EQ(u.cap(), 0u);
  EXPECT_EQ(u.len(), 0u);
  vigil::chan<int> nil;
  EXPECT_EQ(nil.cap(), 0u);
  EXPECT_EQ(nil.len(), 0u);
}

TEST_P(ChanTest, SenderBlocksWhileBufferIsFull) {
  auto c = vigil::make_chan<int>(2);
  std::atomic<int> sent{0};
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([c, &sent, &wg] {
    for (int i = 0; i < 3; ++i) {
      c.send(i);
      sent++;
    }
    wg.done();
  });
  ASSERT_TRUE(eventually([&] { return sent.load() == 2; }));
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_EQ(sent.load(), 2);  // the third waits for room
  EXPECT_EQ(c.len(), 2u);
  EXPECT_EQ(c.recv(), 0);
  wg.wait();
  EXPECT_EQ(sent.load(), 3);
  EXPECT_EQ(c.recv(), 1);
  EXPECT_EQ(c.recv(), 2);
}

TEST_P(ChanTest, HandlesShareOneChannel) {
  auto a = vigil::make_chan<int>(1);
  vigil::chan<int> b = a;
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == vigil::make_chan<int>(1));
  b.send(4);
  EXPECT_EQ(a.len(), 1u);
  EXPECT_EQ(a.recv(), 4);
  vigil::chan<int> moved = std::move(b);
  EXPECT_TRUE(moved == a);
  vigil::chan<int> assigned;
  EXPECT_TRUE(assigned.is_nil());
  assigned = a;
  EXPECT_FALSE(assigned.is_nil());
  EXPECT_TRUE(static_cast<bool>(assigned));
  assigned.send(5);
  EXPECT_EQ(a.recv(), 5);
}

TEST_P(ChanTest, CloseWakesEveryBlockedReceiver) {
  constexpr int kTasks = 16;
  auto c = vigil::make_chan<int>();
  std::atomic<int> waiting{0}, woke_empty{0};
  vigil::wait_group wg;
  wg.add(kTasks);
  for (int i = 0; i < kTasks; ++i)
    vigil::go([&, c] {
      waiting++;
      if (!c.recv().has_value()) woke_empty++;
      wg.done();
    });
  std::thread thread_receiver([&, c] {
    waiting++;
    if (!c.recv().has_value()) woke_empty++;
  });
  ASSERT_TRUE(eventually([&] { return waiting.load() == kTasks + 1; }));
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_EQ(woke_empty.load(), 0);
  c.close();
  wg.wait();
  thread_receiver.join();
  EXPECT_EQ(woke_empty.load(), kTasks + 1);
}

TEST_P(ChanTest, ReceiveFromClosedDrainsTheBufferThenReturnsEmpty) {
  auto c = vigil::make_chan<int>(3);
  c.send(1);
  c.send(2);
  c.close();
  EXPECT_EQ(c.recv(), 1);
  EXPECT_EQ(c.recv(), 2);
  EXPECT_EQ(c.recv(), std::nullopt);
  EXPECT_EQ(c.recv(), std::nullopt);  // again and again, never blocking

  // Same from tasks, on an unbuffered channel.
  auto u = vigil::make_chan<int>();
  u.close();
  std::atomic<int> empties{0};
  vigil::wait_group wg;
  wg.add(8);
  for (int i = 0; i < 8; ++i)
    vigil::go([u, &empties, &wg] {
      for (int k = 0; k < 100; ++k)
        if (!u.recv()) empties++;
      wg.done();
    });
  wg.wait();
  EXPECT_EQ(empties.load(), 800);
}

TEST_P(ChanTest, RangeForEndsAtClose) {
  constexpr int kValues = 1000;
  auto c = vigil::make_chan<int>();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([c, &wg] {
    for (int i = 0; i < kValues; ++i) c.send(i);
    c.close();
    wg.done();
  });
  long sum = 0;
  int n = 0;
  for (int v : c) {
    sum += v;
    ++n;
  }
  wg.wait();
  EXPECT_EQ(n, kValues);
  EXPECT_EQ(sum, long{kValues} * (kValues - 1) / 2);

  // Over a recv_chan view, in a task, with values still buffered at the close.
  auto b = vigil::make_chan<std::string>(4);
  b.send("a");
  b.send("b");
  b.send("c");
  b.close();
  std::string joined;
  wg.add(1);
  vigil::go([&joined, &wg](vigil::recv_chan<std::string> r) {
    for (const std::string& s : r) joined += s;
    wg.done();
  }, vigil::recv_chan<std::string>(b));
  wg.wait();
  EXPECT_EQ(joined, "abc");
}

TEST_P(ChanTest, NilChannelBlocksForever) {
  vigil::chan<int> nil;
  vigil::send_chan<int> nil_send;
  vigil::recv_chan<int> nil_recv;
  EXPECT_TRUE(nil.is_nil());
  EXPECT_TRUE(nil_send.is_nil());
  EXPECT_TRUE(nil_recv.is_nil());
  EXPECT_FALSE(static_cast<bool>(nil));
  EXPECT_TRUE(nil == vigil::chan<int>());
  // These tasks never finish; they are abandoned (and outlive this test, so
  // their state is shared, not on this stack).
  auto progress = std::make_shared<std::atomic<int>>(0);
  vigil::go([nil, progress] {
    progress->fetch_add(1);
    nil.recv();
    progress->fetch_add(100);
  });
  vigil::go([nil_send, progress] {
    progress->fetch_add(1);
    nil_send.send(1);
    progress->fetch_add(100);
  });
  vigil::go([nil_recv, progress] {
    progress->fetch_add(1);
    for (int v : nil_recv) progress->fetch_add(100 + v);
    progress->fetch_add(100);
  });
  ASSERT_TRUE(eventually([&] { return progress->load() == 3; }));
  // Other channel traffic does not disturb them.
  auto other = vigil::make_chan<int>(1);
  other.send(1);
  other.recv();
  other.close();
  std::this_thread::sleep_for(kStillBlocked);
  EXPECT_EQ(progress->load(), 3);
}

TEST_P(ChanTest, MoveOnlyElements) {
  auto c = vigil::make_chan<std::unique_ptr<int>>();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([c, &wg] {
    for (int i = 0; i < 100; ++i) c.send(std::make_unique<int>(i));
    c.close();
    wg.done();
  });
  int n = 0, bad = 0;
  for (std::unique_ptr<int> p : c) {  // range-for moves each value out
    if (!p || *p != n) bad++;
    ++n;
  }
  wg.wait();
  EXPECT_EQ(n, 100);
  EXPECT_EQ(bad, 0);

  // A buffered channel destroys the values it still holds when its last
  // handle goes, and every value exists exactly once on the way.
  tracked::live = 0;
  {
    auto t = vigil::make_chan<tracked>(4);
    t.send(tracked(1));
    t.send(tracked(2));
    t.send(tracked(3));
    EXPECT_EQ(tracked::live.load(), 3);
    std::optional<tracked> first = t.recv();
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->value, 1);
    first.reset();
    EXPECT_EQ(tracked::live.load(), 2);
    t.close();
    vigil::recv_chan<tracked> other_handle = t;
    EXPECT_EQ(other_handle.len(), 2u);
  }
  EXPECT_EQ(tracked::live.load(), 0);
}

TEST_P(ChanTest, LargeAndOverAlignedElements) {
  struct alignas(64) block {
    std::uint64_t words[40];
  };
  for (std::size_t cap : {std::size_t{0}, std::size_t{3}}) {
    auto c = vigil::make_chan<block>(cap);
    vigil::wait_group wg;
    wg.add(1);
    vigil::go([c, &wg] {
      for (std::uint64_t i = 0; i < 200; ++i) {
        block b;
        for (std::uint64_t w = 0; w < 40; ++w) b.words[w] = i * 1000 + w;
        c.send(b);
      }
      wg.done();
    });
    int bad = 0;
    for (std::uint64_t i = 0; i < 200; ++i) {
      std::optional<block> b = c.recv();
      if (reinterpret_cast<std::uintptr_t>(&*b) % 64 != 0) bad++;
      for (std::uint64_t w = 0; w < 40; ++w)
        if (b->words[w] != i * 1000 + w) bad++;
    }
    wg.wait();
    EXPECT_EQ(bad, 0) << "cap " << cap;
  }
}

TEST_P(ChanTest, ManySendersAndReceiversDeliverEveryValueOnce) {
  constexpr int kSenders = 8, kReceivers = 8, kPer = 4000, kValues = kSenders * kPer;
  for (std::size_t cap : {std::size_t{0}, std::size_t{1}, std::size_t{64}}) {
    auto c = vigil::make_chan<std::uint32_t>(cap);
    std::vector<std::atomic<std::uint8_t>> seen(kValues);
    std::atomic<std::uint64_t> sum{0};
    std::atomic<int> count{0};
    vigil::wait_group senders, all;
    senders.add(kSenders);
    all.add(kSenders + kReceivers + 1);
    for (int s = 0; s < kSenders; ++s)
      vigil::go([&, c](int s) {
        rng r(s + 1);
        for (int i = 0; i < kPer; ++i) {
          maybe_yield(r);
          c.send(static_cast<std::uint32_t>(s * kPer + i));
        }
        senders.done();
        all.done();
      }, s);
    for (int k = 0; k < kReceivers; ++k)
      vigil::go([&, c](int k) {
        rng r(k + 100);
        for (std::uint32_t v : c) {
          seen[v].fetch_add(1, std::memory_order_relaxed);
          sum += v;
          count++;
          maybe_yield(r);
        }
        all.done();
      }, k);
    vigil::go([&, c] {
      senders.wait();
      c.close();
      all.done();
    });
    all.wait();
    EXPECT_EQ(count.load(), kValues) << "cap " << cap;
    EXPECT_EQ(sum.load(), std::uint64_t{kValues} * (kValues - 1) / 2) << "cap " << cap;
    int not_once = 0;
    for (auto& s : seen) not_once += s.load() != 1;
    EXPECT_EQ(not_once, 0) << "cap " << cap;
  }
}

TEST_P(ChanTest, MainThreadAndPlainThreadsTalkToTasks) {
  // Plain threads produce, tasks transform, main consumes, a thread closes.
  constexpr int kThreads = 3, kPer = 2000, kWorkers = 4;
  auto raw = vigil::make_chan<int>();
  auto out = vigil::make_chan<long>(4);
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t)
    producers.emplace_back([raw, t] {
      for (int i = 0; i < kPer; ++i) raw.send(t * kPer + i);
    });
  vigil::wait_group workers;
  workers.add(kWorkers);
  for (int w = 0; w < kWorkers; ++w)
    vigil::go([raw, out, &workers] {
      for (int v : raw) out.send(2L * v);
      workers.done();
    });
  std::thread closer([&] {
    for (auto& p : producers) p.join();
    raw.close();
    workers.wait();
    out.close();
  });
  long sum = 0;
  int n = 0;
  for (long v : out) {
    sum += v;
    ++n;
  }
  closer.join();
  constexpr long kTotal = kThreads * kPer;
  EXPECT_EQ(n, kTotal);
  EXPECT_EQ(sum, kTotal * (kTotal - 1));

  // And back: a task feeds a plain thread.
  auto to_thread = vigil::make_chan<int>();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([to_thread, &wg] {
    for (int i = 1; i <= 100; ++i) to_thread.send(i);
    to_thread.close();
    wg.done();
  });
  int thread_sum = 0;
  std::thread consumer([&thread_sum, to_thread] {
    for (int v : to_thread) thread_sum += v;
  });
  consumer.join();
  wg.wait();
  EXPECT_EQ(thread_sum, 5050);
}

TEST_P(ChanTest, MainWaitsForAThreadThatHasNotUsedVigilYet) {
  // The sender is a plain thread that vigil has never seen when main blocks:
  // main's wait is not a deadlock.
  auto c = vigil::make_chan<int>();
  std::thread late([c] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    c.send(11);
  });
  EXPECT_EQ(c.recv(), 11);
  late.join();
}

TEST_P(ChanTest, PlainThreadWaitsWhileMainIsBusyElsewhere) {
  // A thread parks on a channel while main does unrelated work outside vigil:
  // not a deadlock either.
  auto c = vigil::make_chan<int>();
  std::atomic<int> got{0};
  std::thread waiter([c, &got] { got = *c.recv(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  c.send(12);
  waiter.join();
  EXPECT_EQ(got.load(), 12);
}

}  // namespace
