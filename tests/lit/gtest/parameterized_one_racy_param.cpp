// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A value-parameterized test (TEST_P, INSTANTIATE_TEST_SUITE_P) over four
// ways of sharing a counter between a thread and the test body: only the
// instance with the unguarded counter races and fails; the mutex, atomic and
// channel instances before and after it pass.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "vigil_test.h"

namespace {

enum class sharing { mutex, atomic, unguarded, channel };

std::string name_of(const ::testing::TestParamInfo<sharing>& info) {
  switch (info.param) {
    case sharing::mutex: return "mutex";
    case sharing::atomic: return "atomic";
    case sharing::unguarded: return "unguarded";
    case sharing::channel: return "channel";
  }
  return "unknown";
}

class SharedCounter : public ::testing::TestWithParam<sharing> {
 protected:
  void bump() {
    switch (GetParam()) {
      case sharing::mutex: {
        std::lock_guard<std::mutex> l(mu_);
        plain_++;
        break;
      }
      case sharing::atomic: atomic_++; break;
      case sharing::unguarded: plain_++; break;
      case sharing::channel: token_.send(*token_.recv() + 1); break;
    }
  }
  int value() {
    if (GetParam() == sharing::atomic) return atomic_.load();
    if (GetParam() == sharing::channel) return *token_.recv();
    return plain_;
  }

  std::mutex mu_;
  int plain_ = 0;
  std::atomic<int> atomic_{0};
  vigil::chan<int> token_ = vigil::make_chan<int>(1);
};

TEST_P(SharedCounter, TwoWriters) {
  token_.send(0);
  invisible_barrier order;
  invisible_barrier_init(&order, 2);
  std::thread t([&] {
    bump();
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  bump();
  t.join();
  EXPECT_EQ(value(), 2);
}

INSTANTIATE_TEST_SUITE_P(Sharing, SharedCounter,
                         ::testing::Values(sharing::mutex, sharing::atomic, sharing::unguarded,
                                           sharing::channel),
                         name_of);

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] Sharing/SharedCounter.TwoWriters/mutex
// CHECK-NEXT: [       OK ] Sharing/SharedCounter.TwoWriters/mutex (
// CHECK-NEXT: [ RUN      ] Sharing/SharedCounter.TwoWriters/atomic
// CHECK-NEXT: [       OK ] Sharing/SharedCounter.TwoWriters/atomic (
// CHECK-NEXT: [ RUN      ] Sharing/SharedCounter.TwoWriters/unguarded
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: data race
// CHECK-NEXT:   Write of size 4 at {{.*}} by main thread:
// CHECK-NEXT:     #0 {{.*}}SharedCounter::bump() {{.*}}parameterized_one_racy_param.cpp:42:
// CHECK-NEXT:     #1 {{.*}}SharedCounter_TwoWriters_Test::TestBody() {{.*}}parameterized_one_racy_param.cpp:67:
// CHECK:        Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT:     #0 {{.*}}SharedCounter::bump() {{.*}}parameterized_one_racy_param.cpp:42:
// CHECK:      SUMMARY: vigil: data race {{.*}}parameterized_one_racy_param.cpp:42:{{[0-9]+}} in {{.*}}SharedCounter::bump()
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: data race {{.*}}parameterized_one_racy_param.cpp:42:{{[0-9]+}} in {{.*}}SharedCounter::bump()
// CHECK-NEXT: [  FAILED  ] Sharing/SharedCounter.TwoWriters/unguarded, where GetParam() = {{.*}} (
// CHECK-NEXT: [ RUN      ] Sharing/SharedCounter.TwoWriters/channel
// CHECK-NEXT: [       OK ] Sharing/SharedCounter.TwoWriters/channel (
// CHECK:      [  PASSED  ] 3 tests.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] Sharing/SharedCounter.TwoWriters/unguarded, where GetParam() =
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
