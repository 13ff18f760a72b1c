// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %expect_exit 0 1 %t 2>&1 | FileCheck %s
// VERDICT: per-test
// Death tests: the misuse a child process dies of is that child's report; it
// does not fail the parent's test, and the tests after it keep their own
// verdicts.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

TEST(DeathTest, CloseOfClosedChannelDies) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto c = vigil::make_chan<int>();
  c.close();
  EXPECT_DEATH(c.close(), "close of closed channel");
}

TEST(DeathTest, AfterwardsACleanTestPasses) {
  auto c = vigil::make_chan<int>(1);
  vigil::go([c] { c.send(7); });
  EXPECT_EQ(*c.recv(), 7);
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK: [       OK ] DeathTest.CloseOfClosedChannelDies
// CHECK: [       OK ] DeathTest.AfterwardsACleanTestPasses
// CHECK: [  PASSED  ] 2 tests.
// CHECK-NOT: WARNING: vigil
