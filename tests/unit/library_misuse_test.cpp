// library_misuse_test.cpp — misuse ends the program like Go's panics.
//
// Each misuse prints `WARNING: vigil: <message>` and exits with status 66; an
// exception escaping a task aborts; a global deadlock is reported and exits
// 66 instead of hanging. Death tests run "threadsafe" (re-executing the test
// binary) because vigil's workers are threads.
#include <gtest/gtest.h>
#include <vigil/vigil.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "library_test_util.h"

using namespace vigil_test;

namespace {

constexpr int kMisuseExit = 66;

class MisuseDeathTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

// Blocks the caller until the program ends (used after starting a task that
// commits the misuse); if the misuse is not detected, this is a deadlock,
// which the library also reports, with a different message.
void wait_for_the_end() {
  vigil::chan<int> never = vigil::make_chan<int>();
  never.recv();
}

TEST_F(MisuseDeathTest, SendOnClosedChannel) {
  EXPECT_EXIT({
    auto c = vigil::make_chan<int>(1);
    c.close();
    c.send(1);
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: send on closed channel");
}

TEST_F(MisuseDeathTest, SendOnClosedChannelFromATask) {
  EXPECT_EXIT({
    auto c = vigil::make_chan<int>();
    c.close();
    vigil::go([c] { c.send(1); });
    wait_for_the_end();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: send on closed channel");
}

TEST_F(MisuseDeathTest, BlockedSenderFailsWhenTheChannelIsClosed) {
  EXPECT_EXIT({
    auto c = vigil::make_chan<int>();
    std::atomic<bool> started{false};
    vigil::go([c, &started] {
      started = true;
      c.send(1);  // blocks: nobody receives
    });
    eventually([&] { return started.load(); });
    std::this_thread::sleep_for(kStillBlocked);
    c.close();
    wait_for_the_end();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: send on closed channel");
}

TEST_F(MisuseDeathTest, SelectSendOnClosedChannel) {
  EXPECT_EXIT({
    auto c = vigil::make_chan<int>(4);
    c.close();
    vigil::select(vigil::on_send(c, 1, [] {}), vigil::on_default([] {}));
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: send on closed channel");
}

TEST_F(MisuseDeathTest, CloseOfClosedChannel) {
  EXPECT_EXIT({
    auto c = vigil::make_chan<int>();
    c.close();
    c.close();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: close of closed channel");
}

TEST_F(MisuseDeathTest, CloseOfNilChannel) {
  EXPECT_EXIT({
    vigil::chan<int> nil;
    nil.close();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: close of nil channel");
  EXPECT_EXIT({
    vigil::send_chan<int> nil;
    nil.close();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: close of nil channel");
}

TEST_F(MisuseDeathTest, NegativeWaitGroupCounter) {
  EXPECT_EXIT({
    vigil::wait_group wg;
    wg.add(1);
    wg.done();
    wg.done();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: negative WaitGroup counter");
  EXPECT_EXIT({
    vigil::wait_group wg;
    vigil::go([&wg] { wg.add(-1); });
    wait_for_the_end();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: negative WaitGroup counter");
}

TEST_F(MisuseDeathTest, WaitGroupReusedBeforeWaitReturned) {
  // One worker, so the round is exact: the waiter parks, then done() releases
  // it and add(1) starts a new round before it could run again; when it runs,
  // the counter is not zero. Repeated in case the waiter had not parked yet
  // in some round (then the round is clean).
  EXPECT_EXIT({
    vigil::set_procs(1);
    static vigil::wait_group wg;
    auto finished = vigil::make_chan<int>();
    vigil::go([finished] {
      for (int round = 0; round < 1000; ++round) {
        wg.add(1);
        auto returned = vigil::make_chan<int>(1);
        vigil::go([returned] {
          wg.wait();
          returned.send(0);
        });
        for (int i = 0; i < 20; ++i) vigil::yield();  // let the waiter park
        wg.done();
        wg.add(1);  // reuse while the released waiter has not returned
        for (int i = 0; i < 20; ++i) vigil::yield();  // the waiter wakes: misuse
        wg.done();  // (if it had not parked yet, this round was clean)
        returned.recv();
      }
      finished.send(0);
    });
    finished.recv();
  }, ::testing::ExitedWithCode(kMisuseExit),
              "WARNING: vigil: WaitGroup is reused before previous wait has returned");
}

TEST_F(MisuseDeathTest, UnlockOfUnlockedMutex) {
  EXPECT_EXIT({
    vigil::mutex m;
    m.unlock();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: unlock of an unlocked mutex");
  EXPECT_EXIT({
    vigil::mutex m;
    m.lock();
    m.unlock();
    vigil::go([&m] { m.unlock(); });
    wait_for_the_end();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: unlock of an unlocked mutex");
}

TEST_F(MisuseDeathTest, UnlockOfUnlockedRwMutex) {
  EXPECT_EXIT({
    vigil::rw_mutex m;
    m.unlock();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: unlock of an unlocked rw_mutex");
  EXPECT_EXIT({
    vigil::rw_mutex m;
    m.unlock_shared();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: unlock_shared of an unlocked rw_mutex");
}

TEST_F(MisuseDeathTest, OnceReenteredFromItsOwnFunction) {
  EXPECT_EXIT({
    static vigil::once o;
    o.call([] { o.call([] {}); });
  }, ::testing::ExitedWithCode(kMisuseExit),
              "WARNING: vigil: once: call\\(\\) re-entered from its own function");
  EXPECT_EXIT({
    static vigil::once o;
    vigil::go([] { o.call([] { o.call([] {}); }); });
    wait_for_the_end();
  }, ::testing::ExitedWithCode(kMisuseExit),
              "WARNING: vigil: once: call\\(\\) re-entered from its own function");
}

TEST_F(MisuseDeathTest, NonPositiveTickerInterval) {
  EXPECT_EXIT({ vigil::ticker t(std::chrono::milliseconds(0)); },
              ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: non-positive interval for ticker");
}

TEST_F(MisuseDeathTest, ExceptionEscapingATaskAborts) {
  EXPECT_EXIT({
    vigil::go([] { throw std::runtime_error("boom-from-task-1729"); });
    wait_for_the_end();
  }, ::testing::KilledBySignal(SIGABRT), "WARNING: vigil: exception escaped a task(.|\n)*Task [0-9]+ ended by an exception: boom-from-task-1729");
  EXPECT_EXIT({
    vigil::go([] { throw 42; });
    wait_for_the_end();
  }, ::testing::KilledBySignal(SIGABRT), "WARNING: vigil: exception escaped a task(.|\n)*not a std::exception");
}

// Recurses until `limit` (far beyond any task stack); the frame keeps the
// calls from becoming a loop.
[[gnu::noinline]] int recurse_deeply(int depth, int limit) {
  volatile char frame[512];
  frame[0] = static_cast<char>(depth);
  if (depth == limit) return frame[0];
  return recurse_deeply(depth + 1, limit) + frame[0];
}

TEST_F(MisuseDeathTest, StackOverflowInATask) {
  EXPECT_EXIT({
    vigil::go([] { std::printf("%d\n", recurse_deeply(0, 1 << 20)); });
    wait_for_the_end();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: stack overflow in task");
}

TEST_F(MisuseDeathTest, SigquitDumpsEveryTask) {
  // Go's behaviour: SIGQUIT prints every task with its state, exit status 2.
  EXPECT_EXIT({
    auto parked = vigil::make_chan<int>();
    std::atomic<bool> started{false};
    vigil::go([parked, &started] {
      started = true;
      parked.recv();
    });
    eventually([&] { return started.load(); });
    std::raise(SIGQUIT);
    wait_for_the_end();
  }, ::testing::ExitedWithCode(2), "SIGQUIT: vigil task dump");
}

TEST_F(MisuseDeathTest, GlobalDeadlockOnMain) {
  EXPECT_EXIT({
    vigil::chan<int> nobody_sends = vigil::make_chan<int>();
    nobody_sends.recv();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: all tasks are asleep");
}

TEST_F(MisuseDeathTest, GlobalDeadlockAcrossTasks) {
  // Main waits for a task that waits for main: Go's "all goroutines are asleep".
  EXPECT_EXIT({
    auto to_task = vigil::make_chan<int>();
    vigil::wait_group wg;
    wg.add(1);
    vigil::go([&wg, to_task] {
      to_task.recv();
      wg.done();
    });
    wg.wait();
    to_task.send(1);
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: all tasks are asleep");
  // A mutex held by a parked task, wanted by main.
  EXPECT_EXIT({
    static vigil::mutex m;
    auto locked = vigil::make_chan<int>();
    vigil::go([locked] {
      m.lock();
      locked.send(0);
      vigil::chan<int>().recv();  // parks forever holding m
    });
    locked.recv();
    m.lock();
  }, ::testing::ExitedWithCode(kMisuseExit), "WARNING: vigil: all tasks are asleep");
}

TEST_F(MisuseDeathTest, NoDeadlockReportWhileATimerIsPending) {
  // Everyone is parked, but a sleep will end: not a deadlock. The statement
  // then exits by itself with a status of its own.
  EXPECT_EXIT({
    auto c = vigil::make_chan<int>();
    vigil::go([c] {
      vigil::sleep_for(std::chrono::milliseconds(200));
      c.send(1);
    });
    c.recv();
    std::fflush(nullptr);
    std::_Exit(7);
  }, ::testing::ExitedWithCode(7), "");
}

}  // namespace
