// RUN: %vigil_cxx -O1 -std=c++20 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::counting_semaphore and std::binary_semaphore (libstdc++ 12: atomics
// and futex waits in header code): release orders the releaser's writes
// before the acquire that consumes it (acquire, try_acquire, try_acquire_for).
#include "vigil_test.h"
#include <chrono>
#include <semaphore>
#include <thread>

std::counting_semaphore<8> items(0);
std::binary_semaphore lock(1);
int queue[8];
long guarded;

int main() {
  std::thread producer([] {
    for (int i = 0; i < 8; i++) {
      queue[i] = i + 1;
      items.release();
    }
  });
  std::thread other([] {
    for (int i = 0; i < 100; i++) {
      while (!lock.try_acquire_for(std::chrono::microseconds(100))) {
      }
      guarded += 2;
      lock.release();
    }
  });
  long sum = 0;
  for (int i = 0; i < 8; i++) {
    if (i % 2)
      items.acquire();
    else
      while (!items.try_acquire())
        std::this_thread::yield();
    sum += queue[i];
    // Not lock.acquire(): libstdc++ 12's blocking acquire can sleep forever
    // when two threads contend (it sleeps on a counter value read before its
    // spin, which a concurrent acquire + release can make current again
    // after the release's wake-up). items.acquire() above is safe: only this
    // thread decrements items.
    while (!lock.try_acquire_for(std::chrono::microseconds(100))) {
    }
    guarded += 1;
    lock.release();
  }
  producer.join();
  other.join();
  if (sum != 36 || guarded != 208)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
