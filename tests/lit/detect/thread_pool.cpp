// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A thread pool with a mutex+condition_variable task queue: tasks write their
// own result slots, a completion counter under the pool mutex publishes the
// results to the waiter, and the pool shuts down by notify_all.
#include "vigil_test.h"
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class thread_pool {
public:
  explicit thread_pool(int n) {
    for (int i = 0; i < n; i++)
      workers_.emplace_back([this] { run(); });
  }
  ~thread_pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_cv_.notify_all();
    for (auto &w : workers_)
      w.join();
  }
  void submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(task));
      pending_++;
    }
    work_cv_.notify_one();
  }
  void wait_idle() {
    std::unique_lock<std::mutex> lock(mu_);
    idle_cv_.wait(lock, [this] { return pending_ == 0; });
  }

private:
  void run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty())
          return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
      std::lock_guard<std::mutex> lock(mu_);
      if (--pending_ == 0)
        idle_cv_.notify_all();
    }
  }
  std::mutex mu_;
  std::condition_variable work_cv_, idle_cv_;
  std::deque<std::function<void()>> queue_;
  int pending_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

int main() {
  std::vector<long> results(64);
  {
    thread_pool pool(4);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 64; i++)
        pool.submit([&results, i, round] { results[i] += i * (round + 1); });
      pool.wait_idle(); // every task's writes are visible here
      long sum = 0;
      for (long r : results)
        sum += r;
      if (sum == 0)
        return 1;
    }
  }
  long sum = 0;
  for (long r : results)
    sum += r;
  if (sum != 6 * 2016)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
