// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_clean %t 2>&1 | FileCheck %s
// VERDICT: per-test
// Correct concurrent tests built from vigil's primitives — a channel
// pipeline, select fan-in and default, a mutex-guarded map filled by 50 tasks,
// once, a rw_mutex with readers and a writer, plain threads on a channel —
// all pass, nothing is reported, and the program exits 0.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

namespace {

TEST(Clean, Pipeline) {
  auto numbers = vigil::make_chan<int>(), squares = vigil::make_chan<int>();
  vigil::go([numbers] {
    for (int i = 1; i <= 10; i++) numbers.send(i);
    numbers.close();
  });
  vigil::go([numbers, squares] {
    for (int n : numbers) squares.send(n * n);
    squares.close();
  });
  int sum = 0;
  for (int s : squares) sum += s;
  EXPECT_EQ(sum, 385);
}

TEST(Clean, SelectFanIn) {
  auto a = vigil::make_chan<int>(), b = vigil::make_chan<int>();
  auto produce = [](vigil::chan<int> c, int v) {
    for (int i = 0; i < 5; i++) c.send(v);
    c.close();
  };
  vigil::go(produce, a, 1);
  vigil::go(produce, b, 10);
  // A drained channel is replaced by the nil channel, which select never picks.
  int total = 0, open = 2;
  auto take = [&](vigil::chan<int>& from) {
    return [&](std::optional<int> v) {
      if (v) {
        total += *v;
      } else {
        from = {};
        open--;
      }
    };
  };
  while (open > 0) vigil::select(vigil::on_recv(a, take(a)), vigil::on_recv(b, take(b)));
  EXPECT_EQ(total, 55);
}

TEST(Clean, SelectDefault) {
  auto c = vigil::make_chan<int>(1);
  bool empty = false;
  vigil::select(vigil::on_recv(c, [](std::optional<int>) {}),
                vigil::on_default([&] { empty = true; }));
  EXPECT_TRUE(empty);
}

TEST(Clean, MutexAndWaitGroup) {
  vigil::mutex mu;
  std::map<std::string, int> counts;
  vigil::wait_group wg;
  for (int i = 0; i < 50; i++) {
    wg.add(1);
    vigil::go([&, i] {
      {
        std::lock_guard<vigil::mutex> l(mu);
        counts[i % 2 ? "odd" : "even"]++;
      }
      wg.done();  // after the unlock: once wait() returns, mu is gone
    });
  }
  wg.wait();
  EXPECT_EQ(counts["odd"], 25);
  EXPECT_EQ(counts["even"], 25);
}

TEST(Clean, OnceAndRwMutex) {
  static vigil::once init;
  static int config;
  vigil::rw_mutex rw;
  int value = 0, stale_reads = 0;
  vigil::mutex stale_mu;
  vigil::wait_group wg;
  for (int i = 0; i < 8; i++) {
    wg.add(1);
    vigil::go([&, i] {
      init.call([] { config = 42; });
      if (i == 0) {
        std::lock_guard<vigil::rw_mutex> l(rw);
        value = config;
      } else {
        std::shared_lock<vigil::rw_mutex> l(rw);
        if (value != config) {  // read before the writer: fine
          std::lock_guard<vigil::mutex> s(stale_mu);
          stale_reads++;
        }
      }
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(value, 42);
  EXPECT_LE(stale_reads, 7);
}

TEST(Clean, ThreadsOnAChannel) {
  auto c = vigil::make_chan<int>();
  int produced = 0;  // written by the producer before its send
  std::thread producer([c, &produced] {
    produced = 7;
    c.send(produced);
  });
  EXPECT_EQ(*c.recv(), 7);
  EXPECT_EQ(produced, 7);
  producer.join();
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK-NOT:  WARNING: vigil
// CHECK:      [       OK ] Clean.Pipeline (
// CHECK:      [       OK ] Clean.SelectFanIn (
// CHECK:      [       OK ] Clean.SelectDefault (
// CHECK:      [       OK ] Clean.MutexAndWaitGroup (
// CHECK:      [       OK ] Clean.OnceAndRwMutex (
// CHECK:      [       OK ] Clean.ThreadsOnAChannel (
// CHECK:      [  PASSED  ] 6 tests.
// CHECK-NOT:  FAILED
// CHECK-NOT:  WARNING: vigil
