// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::condition_variable hand-off: the producer fills a plain buffer, sets the
// predicate under the mutex and notifies; the consumer waits (with a
// predicate, and with the bare wait loop) and reads the buffer.
#include "vigil_test.h"
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable cv;
bool ready;
bool acked;
int payload[16];

int main() {
  std::thread consumer([] {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [] { return ready; });
    int sum = 0;
    for (int v : payload)
      sum += v;
    payload[0] = sum;
    acked = true;
    cv.notify_one();
  });
  for (int i = 0; i < 16; i++)
    payload[i] = i;
  {
    std::lock_guard<std::mutex> lock(mu);
    ready = true;
  }
  cv.notify_one();
  {
    std::unique_lock<std::mutex> lock(mu);
    while (!acked)
      cv.wait(lock);
  }
  if (payload[0] != 120)
    return 1;
  consumer.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
