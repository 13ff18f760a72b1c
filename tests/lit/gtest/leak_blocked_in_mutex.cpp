// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// An early return leaves a vigil::mutex locked: the task that locks it next
// is left blocked in mutex lock and the test fails naming that lock. The
// version that unlocks on every path (std::lock_guard) passes.
#include <vigil/gtest.h>
#include <vigil/vigil.h>

#include <mutex>

namespace {

struct account {
  vigil::mutex mu;
  int balance = 10;

  bool withdraw(int amount) {
    mu.lock();
    if (amount > balance) return false;  // unlock forgotten
    balance -= amount;
    mu.unlock();
    return true;
  }

  bool withdraw_guarded(int amount) {
    std::lock_guard<vigil::mutex> l(mu);
    if (amount > balance) return false;
    balance -= amount;
    return true;
  }
};

TEST(MutexLeak, AEarlyReturnKeepsTheLock) {
  static account acct;  // outlives the test: its waiter does too
  EXPECT_FALSE(acct.withdraw(100));
  vigil::go([] { acct.withdraw(1); });
}

TEST(MutexLeak, BLockGuardUnlocks) {
  static account acct;
  EXPECT_FALSE(acct.withdraw_guarded(100));
  auto done = vigil::make_chan<bool>();
  vigil::go([done] { done.send(acct.withdraw_guarded(1)); });
  EXPECT_TRUE(*done.recv());
  EXPECT_EQ(acct.balance, 9);
}

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK:      [ RUN      ] MutexLeak.AEarlyReturnKeepsTheLock
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in mutex lock when checked (vigil::check_leaks)
// CHECK-EMPTY:
// CHECK-NEXT:   Blocked in mutex lock (task {{[0-9]+}}):
// CHECK-NEXT:     #0 {{.*}}account::withdraw(int) {{.*}}leak_blocked_in_mutex.cpp:19:
// CHECK-NEXT:     #1 {{.*}}MutexLeak_AEarlyReturnKeepsTheLock_Test::TestBody(){{.*}}leak_blocked_in_mutex.cpp:37:
// CHECK:        Task {{[0-9]+}} (blocked in mutex lock, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 {{.*}}MutexLeak_AEarlyReturnKeepsTheLock_Test::TestBody() {{.*}}leak_blocked_in_mutex.cpp:37:
// CHECK:      SUMMARY: vigil: leaked tasks {{.*}}leak_blocked_in_mutex.cpp:19:{{[0-9]+}} in {{.*}}account::withdraw(int)
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: leaked tasks {{.*}}leak_blocked_in_mutex.cpp:19:{{[0-9]+}} in {{.*}}account::withdraw(int)
// CHECK-NEXT: [  FAILED  ] MutexLeak.AEarlyReturnKeepsTheLock (
// CHECK-NEXT: [ RUN      ] MutexLeak.BLockGuardUnlocks
// CHECK-NEXT: [       OK ] MutexLeak.BLockGuardUnlocks (
// CHECK:      [  PASSED  ] 1 test.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] MutexLeak.AEarlyReturnKeepsTheLock
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
