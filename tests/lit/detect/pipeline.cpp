// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A three-stage pipeline (parse -> transform -> sum) connected by bounded
// blocking queues built on a mutex and two condition variables. Items are
// heap objects handed over by pointer; each stage mutates the item it owns.
#include "vigil_test.h"
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

struct item {
  int raw;
  long value;
};

class bounded_queue {
public:
  void push(item *it) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [this] { return q_.size() < 4; });
    q_.push_back(it);
    not_empty_.notify_one();
  }
  item *pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [this] { return !q_.empty(); });
    item *it = q_.front();
    q_.pop_front();
    not_full_.notify_one();
    return it;
  }

private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<item *> q_;
};

bounded_queue parsed, transformed;
constexpr int kItems = 300;

int main() {
  std::thread parser([] {
    for (int i = 0; i < kItems; i++)
      parsed.push(new item{i, 0});
    parsed.push(nullptr);
  });
  std::thread transformer([] {
    while (item *it = parsed.pop()) {
      it->value = long(it->raw) * 2;
      transformed.push(it);
    }
    transformed.push(nullptr);
  });
  long sum = 0;
  while (item *it = transformed.pop()) {
    sum += it->value;
    delete it;
  }
  parser.join();
  transformer.join();
  if (sum != long(kItems) * (kItems - 1))
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
