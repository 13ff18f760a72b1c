// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::promise / std::future / std::shared_future / std::async /
// std::packaged_task: set_value (and the task's completion) is ordered before
// get() returns; plain data written before set_value is visible after get().
#include "vigil_test.h"
#include <future>
#include <thread>
#include <vector>

int side_data[4];

int main() {
  std::promise<int> p;
  std::future<int> f = p.get_future();
  std::thread producer([&p] {
    side_data[0] = 7;
    p.set_value(42);
  });
  if (f.get() != 42 || side_data[0] != 7)
    return 1;
  producer.join();

  std::promise<void> go;
  std::shared_future<void> go_f = go.get_future().share();
  std::vector<std::thread> waiters;
  for (int i = 1; i < 4; i++)
    waiters.emplace_back([go_f, i] {
      go_f.wait();
      if (side_data[0] != 8)
        __builtin_trap();
      side_data[i] = i;
    });
  side_data[0] = 8;
  go.set_value();
  for (auto &t : waiters)
    t.join();

  auto fut = std::async(std::launch::async, [] { return side_data[1] + side_data[2] + side_data[3]; });
  if (fut.get() != 6)
    return 1;

  std::packaged_task<int(int)> task([](int x) {
    side_data[1] = x;
    return x * 2;
  });
  std::future<int> tf = task.get_future();
  std::thread runner(std::move(task), 21);
  if (tf.get() != 42 || side_data[1] != 21)
    return 1;
  runner.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
