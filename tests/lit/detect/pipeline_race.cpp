// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A two-stage pipeline in which the first stage keeps writing an item's
// statistics field after it handed the item to the next stage.
#include "vigil_test.h"
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

struct item {
  int raw;
  int touched;
};

class queue {
public:
  void push(item *it) {
    std::lock_guard<std::mutex> lock(mu_);
    q_.push_back(it);
    cv_.notify_one();
  }
  item *pop() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !q_.empty(); });
    item *it = q_.front();
    q_.pop_front();
    return it;
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<item *> q_;
};

queue handoff;
static invisible_barrier order;

__attribute__((noinline)) void stage_one() {
  item *it = new item{5, 0}; // ALLOC
  handoff.push(it);
  it->touched++; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void stage_two() {
  item *it = handoff.pop();
  invisible_barrier_wait(&order);
  int t = it->touched; // CUR
  asm volatile("" : : "r"(t));
  delete it;
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread b(stage_two), a(stage_one);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 stage_two(){{.*}}pipeline_race.cpp:50:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 stage_one(){{.*}}pipeline_race.cpp:43:
// CHECK: Location is heap block of size 8 at {{.*}} allocated by thread T{{[0-9]+}}:
// CHECK: #{{[0-9]+}} stage_one(){{.*}}pipeline_race.cpp:41:
// CHECK: SUMMARY: vigil: data race {{.*}}pipeline_race.cpp:50:{{[0-9]+}} in stage_two()
