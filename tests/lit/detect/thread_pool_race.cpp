// RUN: %vigil_cxx -O2 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A thread pool whose users read a task's result without waiting for the pool
// to become idle: the submitter's read races with the worker's write.
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
    cv_.notify_all();
    for (auto &w : workers_)
      w.join();
  }
  void submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty())
          return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

long answer;
static invisible_barrier order;

__attribute__((noinline)) void compute() {
  answer = 42; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) long peek_answer() {
  invisible_barrier_wait(&order);
  return answer; // CUR
}

int main() {
  invisible_barrier_init(&order, 2);
  thread_pool pool(2);
  pool.submit(compute);
  long v = peek_answer(); // no wait for the task
  asm volatile("" : : "r"(v));
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 8 at {{.*}} by {{main thread|thread T0}}:
// CHECK: #0 peek_answer(){{.*}}thread_pool_race.cpp:68:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 compute(){{.*}}thread_pool_race.cpp:62:
// CHECK: Location is global 'answer' of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}thread_pool_race.cpp:68:{{[0-9]+}} in peek_answer()
