// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The producer writes a side buffer after set_value: get() orders only the
// writes made before set_value.
#include "vigil_test.h"
#include <future>
#include <thread>

int side_buffer;
static invisible_barrier order;

__attribute__((noinline)) void producer(std::promise<int> *p) {
  p->set_value(1);
  side_buffer = 2; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void consumer(std::future<int> *f) {
  int v = f->get();
  invisible_barrier_wait(&order);
  v += side_buffer; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  invisible_barrier_init(&order, 2);
  std::promise<int> p;
  std::future<int> f = p.get_future();
  std::thread b(consumer, &f), a(producer, &p);
  a.join();
  b.join();
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 consumer(std::future<int>*){{.*}}promise_write_after_set_race.cpp:21:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 producer(std::promise<int>*){{.*}}promise_write_after_set_race.cpp:14:
// CHECK: Location is global 'side_buffer' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}promise_write_after_set_race.cpp:21:{{[0-9]+}} in consumer(std::future<int>*)
