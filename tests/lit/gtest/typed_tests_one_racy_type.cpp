// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A typed test (TYPED_TEST_SUITE) run over three counter types, each
// incremented by a thread and by the test body: the instance for the counter
// without synchronization fails with its race, the instances for the locked
// and the atomic counters pass.
#include <vigil/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>

#include "vigil_test.h"

namespace {

struct locked_counter {
  std::mutex mu;
  int n = 0;
  void inc() {
    std::lock_guard<std::mutex> l(mu);
    n++;
  }
  int get() { return n; }
};

struct racy_counter {
  int n = 0;
  void inc() { n++; }
  int get() { return n; }
};

struct atomic_counter {
  std::atomic<int> n{0};
  void inc() { n++; }
  int get() { return n; }
};

template <class Counter>
class CounterTest : public ::testing::Test {
 protected:
  Counter counter_;
};

struct counter_names {
  template <class T>
  static std::string GetName(int) {
    if (std::is_same_v<T, locked_counter>) return "locked";
    if (std::is_same_v<T, racy_counter>) return "racy";
    return "atomic";
  }
};

using counters = ::testing::Types<locked_counter, racy_counter, atomic_counter>;
TYPED_TEST_SUITE(CounterTest, counters, counter_names);

TYPED_TEST(CounterTest, ThreadAndBodyIncrement) {
  invisible_barrier order;
  invisible_barrier_init(&order, 2);
  std::thread t([&] {
    this->counter_.inc();
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  this->counter_.inc();
  t.join();
  EXPECT_EQ(this->counter_.get(), 2);
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] CounterTest/locked.ThreadAndBodyIncrement
// CHECK-NEXT: [       OK ] CounterTest/locked.ThreadAndBodyIncrement (
// CHECK:      [ RUN      ] CounterTest/racy.ThreadAndBodyIncrement
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: data race
// CHECK-NEXT:   Write of size 4 at {{.*}} by main thread:
// CHECK-NEXT:     #0 {{.*}}racy_counter::inc() {{.*}}typed_tests_one_racy_type.cpp:32:
// CHECK-NEXT:     #1 {{.*}}CounterTest_ThreadAndBodyIncrement_Test<{{.*}}racy_counter>::TestBody() {{.*}}typed_tests_one_racy_type.cpp:68:
// CHECK:        Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK-NEXT:     #0 {{.*}}racy_counter::inc() {{.*}}typed_tests_one_racy_type.cpp:32:
// CHECK:      SUMMARY: vigil: data race {{.*}}typed_tests_one_racy_type.cpp:32:{{[0-9]+}} in {{.*}}racy_counter::inc()
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: data race {{.*}}typed_tests_one_racy_type.cpp:32:{{[0-9]+}} in {{.*}}racy_counter::inc()
// CHECK-NEXT: [  FAILED  ] CounterTest/racy.ThreadAndBodyIncrement, where TypeParam = {{.*}}racy_counter (
// CHECK:      [ RUN      ] CounterTest/atomic.ThreadAndBodyIncrement
// CHECK-NEXT: [       OK ] CounterTest/atomic.ThreadAndBodyIncrement (
// CHECK:      [  PASSED  ] 2 tests.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] CounterTest/racy.ThreadAndBodyIncrement, where TypeParam = {{.*}}racy_counter
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
