// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_clean %t 2>&1 | FileCheck %s
// VERDICT: per-test
// Tasks still sleeping, or waiting on one that sleeps, when the test body
// returns are not leaks: the listener lets them finish (the check ends as
// soon as no task can run, within leak_grace_ms) and the test passes. The
// next test sees that every one of them finished before it started.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <atomic>
#include <chrono>
#include <mutex>

namespace {

using namespace std::chrono_literals;

std::atomic<int> finished;

TEST(FinishLate, ATasksOutliveTheBody) {
  // Sleepers that report into a buffered channel nobody reads.
  auto results = vigil::make_chan<int>(4);
  for (int i = 0; i < 4; i++)
    vigil::go([results, i] {
      vigil::sleep_for(20ms);
      results.send(i);
      finished++;
    });
  // A task blocked in mutex lock behind a holder that sleeps, then unlocks.
  static vigil::mutex mu;
  auto locked = vigil::make_chan<bool>();
  vigil::go([locked] {
    std::lock_guard<vigil::mutex> l(mu);
    locked.send(true);
    vigil::sleep_for(20ms);
    finished++;
  });
  EXPECT_TRUE(*locked.recv());
  vigil::go([] {
    std::lock_guard<vigil::mutex> l(mu);
    finished++;
  });
  // A task blocked in chan receive until a sleeping task sends.
  auto relay = vigil::make_chan<int>();
  vigil::go([relay] {
    vigil::sleep_for(20ms);
    relay.send(1);
    finished++;
  });
  vigil::go([relay] { relay.recv(); finished++; });
}

TEST(FinishLate, BAllOfThemFinished) { EXPECT_EQ(finished.load(), 8); }

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK-NOT:  WARNING: vigil
// CHECK:      [ RUN      ] FinishLate.ATasksOutliveTheBody
// CHECK-NEXT: [       OK ] FinishLate.ATasksOutliveTheBody (
// CHECK-NEXT: [ RUN      ] FinishLate.BAllOfThemFinished
// CHECK-NEXT: [       OK ] FinishLate.BAllOfThemFinished (
// CHECK:      [  PASSED  ] 2 tests.
// CHECK-NOT:  FAILED
// CHECK-NOT:  WARNING: vigil
