// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The producer sets the predicate under the lock and notifies, but writes the
// payload only afterwards, outside the lock: the consumer's read of the
// payload is not ordered after that write.
#include "vigil_test.h"
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable cv;
bool ready;
int payload;
static invisible_barrier order;

__attribute__((noinline)) void producer() {
  {
    std::lock_guard<std::mutex> lock(mu);
    ready = true;
  }
  cv.notify_one();
  payload = 99; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void consumer() {
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [] { return ready; });
  }
  invisible_barrier_wait(&order);
  int v = payload; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::thread b(consumer), a(producer);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 consumer(){{.*}}condvar_write_after_notify_race.cpp:33:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 producer(){{.*}}condvar_write_after_notify_race.cpp:23:
// CHECK: Location is global 'payload' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}condvar_write_after_notify_race.cpp:33:{{[0-9]+}} in consumer()
