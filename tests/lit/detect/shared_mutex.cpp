// RUN: %vigil_cxx -O1 -std=c++20 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::shared_mutex and std::shared_timed_mutex: readers under shared locks
// (lock_shared, try_lock_shared, try_lock_shared_for), writers under
// exclusive locks (lock, try_lock, try_lock_until).
#include "vigil_test.h"
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

std::shared_mutex mu;
std::shared_timed_mutex tmu;
int table[4];
int timed_table[4];

int main() {
  using namespace std::chrono;
  std::vector<std::thread> threads;
  for (int w = 0; w < 2; w++)
    threads.emplace_back([] {
      for (int i = 0; i < 100; i++) {
        {
          std::unique_lock<std::shared_mutex> lock(mu, std::defer_lock);
          if (i % 2)
            lock.lock();
          else
            while (!lock.try_lock())
              std::this_thread::yield();
          table[i % 4]++;
        }
        while (!tmu.try_lock_until(steady_clock::now() + milliseconds(1))) {
        }
        timed_table[i % 4]++;
        tmu.unlock();
      }
    });
  for (int r = 0; r < 3; r++)
    threads.emplace_back([] {
      long sum = 0;
      for (int i = 0; i < 100; i++) {
        {
          std::shared_lock<std::shared_mutex> lock(mu, std::defer_lock);
          if (i % 2)
            lock.lock();
          else
            while (!lock.try_lock())
              std::this_thread::yield();
          sum += table[i % 4];
        }
        while (!tmu.try_lock_shared_for(milliseconds(1))) {
        }
        sum += timed_table[i % 4];
        tmu.unlock_shared();
      }
      if (sum < 0)
        __builtin_trap();
    });
  for (auto &t : threads)
    t.join();
  if (table[0] + table[1] + table[2] + table[3] != 200)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
