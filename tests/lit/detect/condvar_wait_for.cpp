// RUN: %vigil_cxx -O1 -std=c++20 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::condition_variable::wait_for / wait_until on the steady clock
// (libstdc++ 12: pthread_cond_clockwait) and wait_until on the system clock
// (pthread_cond_timedwait), with timeouts that expire before the notify, plus
// std::condition_variable_any with a std::shared_mutex-free plain mutex.
#include "vigil_test.h"
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable cv;
std::condition_variable_any cv_any;
int stage;
int data[3];

int main() {
  using namespace std::chrono;
  std::thread waiter([] {
    std::unique_lock<std::mutex> lock(mu);
    while (!cv.wait_for(lock, milliseconds(2), [] { return stage >= 1; })) {
    }
    data[1] = data[0] + 1;
    while (!cv.wait_until(lock, system_clock::now() + milliseconds(2), [] { return stage >= 2; })) {
    }
    data[2] = data[1] + 1;
    while (!cv_any.wait_until(lock, steady_clock::now() + milliseconds(2), [] { return stage >= 3; })) {
    }
    data[0] = data[2] + 1;
  });
  for (int s = 1; s <= 3; s++) {
    std::this_thread::sleep_for(milliseconds(5)); // let some timeouts expire
    if (s == 1)
      data[0] = 10; // published by the unlock below
    {
      std::lock_guard<std::mutex> lock(mu);
      stage = s;
    }
    if (s < 3)
      cv.notify_all();
    else
      cv_any.notify_all();
  }
  waiter.join();
  if (data[0] != 13)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
