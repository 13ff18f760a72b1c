// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// Repeated: the race and the leak are printed once but fail every repetition.
// RUN: %expect_exit 66 1 %t --gtest_repeat=3 > %t.repeat 2>&1
// RUN: FileCheck %s --check-prefix=REPEAT < %t.repeat
// RUN: FileCheck %s --check-prefix=RACY3 < %t.repeat
// RUN: FileCheck %s --check-prefix=LEAKY3 < %t.repeat
// RUN: FileCheck %s --check-prefix=CLEAN3 < %t.repeat
// Shuffled: each verdict stays with its test.
// RUN: %expect_exit 66 1 %t --gtest_shuffle --gtest_random_seed=7 2>&1 | FileCheck %s --check-prefix=SHUFFLE
// Filtered to the clean tests: everything passes, nothing is reported.
// RUN: %expect_exit 0 1 %t --gtest_filter=*Clean* 2>&1 | FileCheck %s --check-prefix=FILTER
// VERDICT: per-test
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <thread>

namespace {

int racy;

TEST(Suite, Racy) {
  std::thread t([] { racy++; });
  racy++;
  t.join();
}

TEST(Suite, Leaky) {
  auto never = vigil::make_chan<int>();
  vigil::go([never] { never.recv(); });
}

TEST(Suite, CleanOne) { EXPECT_EQ(1 + 1, 2); }

class Param : public ::testing::TestWithParam<int> {};
TEST_P(Param, CleanParameterized) {
  auto c = vigil::make_chan<int>(1);
  vigil::go([c] { c.send(GetParam()); });
  EXPECT_EQ(*c.recv(), GetParam());
}
INSTANTIATE_TEST_SUITE_P(Values, Param, ::testing::Values(1, 2, 3));

}  // namespace

VIGIL_GTEST_MAIN()

// REPEAT:     WARNING: vigil: data race
// REPEAT:     WARNING: vigil: leaked tasks
// REPEAT-NOT: WARNING: vigil
// RACY3-COUNT-3: [  FAILED  ] Suite.Racy (
// LEAKY3-COUNT-3: [  FAILED  ] Suite.Leaky (
// CLEAN3-COUNT-3: [       OK ] Suite.CleanOne (
// SHUFFLE-DAG: [  FAILED  ] Suite.Racy (
// SHUFFLE-DAG: [  FAILED  ] Suite.Leaky (
// SHUFFLE-DAG: [       OK ] Suite.CleanOne (
// SHUFFLE-DAG: [       OK ] Values/Param.CleanParameterized/2 (
// FILTER-NOT: WARNING: vigil
// FILTER: [       OK ] Suite.CleanOne
// FILTER: [  PASSED  ] 4 tests.
// FILTER-NOT: WARNING: vigil
