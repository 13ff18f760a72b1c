// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_race %t 2>&1 | FileCheck %s
// VERDICT: per-test
// A main() of its own that installs the listener with
// vigil::gtest::install(); any kind of report fails the test during which it
// was made, here a lock-order inversion (two std::mutexes taken in both
// orders by one thread: no deadlock happens, the potential one is reported).
// The test that always takes them in the same order passes.
#include <vigil/gtest.h>

#include <mutex>
#include <thread>

namespace {

std::mutex accounts_mu, audit_mu;

void transfer() {
  std::lock_guard<std::mutex> a(accounts_mu);
  std::lock_guard<std::mutex> b(audit_mu);
}

void audit_backwards() {
  std::lock_guard<std::mutex> b(audit_mu);
  std::lock_guard<std::mutex> a(accounts_mu);
}

TEST(LockOrder, ASameOrderEverywhere) {
  transfer();  // first, so the report's older edge is the main thread's
  std::thread t(transfer);
  t.join();
}

TEST(LockOrder, BInvertedOrder) {
  transfer();
  audit_backwards();
}

TEST(LockOrder, CAfterwardsACleanTestPasses) { transfer(); }

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  vigil::gtest::install();
  return RUN_ALL_TESTS();
}

// CHECK:      [ RUN      ] LockOrder.ASameOrderEverywhere
// CHECK-NEXT: [       OK ] LockOrder.ASameOrderEverywhere (
// CHECK-NEXT: [ RUN      ] LockOrder.BInvertedOrder
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: vigil: lock-order inversion (potential deadlock)
// CHECK:        Mutex {{.*}} acquired here while holding mutex {{.*}} in main thread:
// CHECK:          #{{[0-9]+}} {{.*}}audit_backwards() {{.*}}own_main_lock_order_inversion.cpp:25:
// CHECK:        Mutex {{.*}} acquired here while holding mutex {{.*}} in main thread:
// CHECK:          #{{[0-9]+}} {{.*}}transfer() {{.*}}own_main_lock_order_inversion.cpp:20:
// CHECK:      SUMMARY: vigil: lock-order inversion (potential deadlock) {{.*}}
// CHECK-NEXT: ==================
// CHECK-NEXT: {{.*}}gtest.h:{{[0-9]+}}: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: vigil: lock-order inversion (potential deadlock) {{.*}}
// CHECK-NEXT: [  FAILED  ] LockOrder.BInvertedOrder (
// CHECK-NEXT: [ RUN      ] LockOrder.CAfterwardsACleanTestPasses
// CHECK-NEXT: [       OK ] LockOrder.CAfterwardsACleanTestPasses (
// CHECK:      [  PASSED  ] 2 tests.
// CHECK-NEXT: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] LockOrder.BInvertedOrder
// CHECK:      1 FAILED TEST
// CHECK-NOT:  WARNING: vigil
