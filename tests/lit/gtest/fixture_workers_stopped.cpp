// RUN: %vigil_cxx -O1 %s -o %t -lgtest
// RUN: %run_clean %t 2>&1 | FileCheck %s
// VERDICT: per-test
// Fixtures that own worker tasks: SetUp starts a pool, TearDown closes its
// job channel and waits for every worker to exit, so no test leaves a task
// behind and all pass. A pool started in SetUpTestSuite and stopped in
// TearDownTestSuite is shared by the suite's tests and charged to none of
// them (its tasks are older than each test's mark).
#include <vigil/gtest.h>
#include <vigil/vigil.h>

namespace {

constexpr int kWorkers = 4;

void worker(vigil::chan<int> jobs, vigil::chan<int> results, vigil::chan<bool> exited) {
  for (int j : jobs) results.send(j * j);
  exited.send(true);
}

struct pool {
  vigil::chan<int> jobs = vigil::make_chan<int>(), results = vigil::make_chan<int>(16);
  vigil::chan<bool> exited = vigil::make_chan<bool>(kWorkers);

  void start() {
    for (int i = 0; i < kWorkers; i++) vigil::go(worker, jobs, results, exited);
  }
  void stop() {
    jobs.close();
    for (int i = 0; i < kWorkers; i++) exited.recv();
  }
  int sum_of_squares(int n) {
    for (int i = 1; i <= n; i++) jobs.send(i);
    int sum = 0;
    for (int i = 1; i <= n; i++) sum += *results.recv();
    return sum;
  }
};

class WorkerPool : public ::testing::Test {
 protected:
  void SetUp() override { pool_.start(); }
  void TearDown() override { pool_.stop(); }
  pool pool_;
};

TEST_F(WorkerPool, SquaresTen) { EXPECT_EQ(pool_.sum_of_squares(10), 385); }

TEST_F(WorkerPool, NoJobs) { EXPECT_EQ(pool_.sum_of_squares(0), 0); }

class SharedPool : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new pool;
    shared_->start();
  }
  static void TearDownTestSuite() {
    shared_->stop();
    delete shared_;
  }
  static pool* shared_;
};
pool* SharedPool::shared_;

TEST_F(SharedPool, First) { EXPECT_EQ(shared_->sum_of_squares(3), 14); }

TEST_F(SharedPool, Second) { EXPECT_EQ(shared_->sum_of_squares(4), 30); }

}  // namespace

VIGIL_GTEST_MAIN()

// CHECK-NOT:  WARNING: vigil
// CHECK:      [ RUN      ] WorkerPool.SquaresTen
// CHECK-NEXT: [       OK ] WorkerPool.SquaresTen (
// CHECK-NEXT: [ RUN      ] WorkerPool.NoJobs
// CHECK-NEXT: [       OK ] WorkerPool.NoJobs (
// CHECK:      [ RUN      ] SharedPool.First
// CHECK-NEXT: [       OK ] SharedPool.First (
// CHECK-NEXT: [ RUN      ] SharedPool.Second
// CHECK-NEXT: [       OK ] SharedPool.Second (
// CHECK:      [  PASSED  ] 4 tests.
// CHECK-NOT:  FAILED
// CHECK-NOT:  WARNING: vigil
