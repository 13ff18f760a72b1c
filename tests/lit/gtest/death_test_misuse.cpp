// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %expect_exit 1 1 %t 2>&1 | FileCheck %s
// VERDICT: per-test
// Misuse of vigil's primitives inside EXPECT_DEATH / EXPECT_EXIT: the child
// dies of the misuse report (status 66, the report's message on stderr) and
// the parent's test passes, whether the misuse happens on the test's thread
// or in a task. A death test whose statement does not die fails for
// GoogleTest's own reason; vigil reports nothing in the parent, so the exit
// status is GoogleTest's (1).
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

class Misuse : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(Misuse, ASendOnClosedChannel) {
  auto c = vigil::make_chan<int>(1);
  c.close();
  EXPECT_DEATH(c.send(1), "send on closed channel");
}

TEST_F(Misuse, BNegativeWaitGroupCounter) {
  vigil::wait_group wg;
  EXPECT_DEATH(wg.done(), "negative WaitGroup counter");
}

TEST_F(Misuse, CUnlockOfUnlockedMutex) {
  vigil::mutex mu;
  EXPECT_DEATH(mu.unlock(), "unlock of .*unlocked mutex");
}

TEST_F(Misuse, DCloseOfClosedChannelInATask) {
  EXPECT_EXIT(
      {
        auto c = vigil::make_chan<int>();
        c.close();
        vigil::wait_group wg;
        wg.add(1);
        vigil::go([c, &wg] {
          c.close();
          wg.done();
        });
        wg.wait();
      },
      ::testing::ExitedWithCode(66), "close of closed channel");
}

TEST_F(Misuse, EClosingAnOpenChannelDoesNotDie) {
  auto c = vigil::make_chan<int>();
  EXPECT_DEATH(c.close(), "close of closed channel");
}

TEST_F(Misuse, FAfterwardsACleanTestPasses) {
  auto c = vigil::make_chan<int>(1);
  vigil::go([c] { c.send(7); });
  EXPECT_EQ(*c.recv(), 7);
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK-NOT:  WARNING: vigil
// CHECK:      [       OK ] Misuse.ASendOnClosedChannel (
// CHECK-NEXT: [ RUN      ] Misuse.BNegativeWaitGroupCounter
// CHECK-NEXT: [       OK ] Misuse.BNegativeWaitGroupCounter (
// CHECK-NEXT: [ RUN      ] Misuse.CUnlockOfUnlockedMutex
// CHECK-NEXT: [       OK ] Misuse.CUnlockOfUnlockedMutex (
// CHECK-NEXT: [ RUN      ] Misuse.DCloseOfClosedChannelInATask
// CHECK-NEXT: [       OK ] Misuse.DCloseOfClosedChannelInATask (
// CHECK-NEXT: [ RUN      ] Misuse.EClosingAnOpenChannelDoesNotDie
// CHECK-NEXT: {{.*}}death_test_misuse.cpp:54: Failure
// CHECK-NEXT: Death test: c.close()
// CHECK-NEXT:     Result: failed to die.
// CHECK:      [  FAILED  ] Misuse.EClosingAnOpenChannelDoesNotDie (
// CHECK-NEXT: [ RUN      ] Misuse.FAfterwardsACleanTestPasses
// CHECK-NEXT: [       OK ] Misuse.FAfterwardsACleanTestPasses (
// CHECK:      [  PASSED  ] 5 tests.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] Misuse.EClosingAnOpenChannelDoesNotDie
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
