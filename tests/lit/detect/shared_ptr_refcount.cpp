// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Threads copy and drop std::shared_ptr copies of one object at the same
// time and read the (immutable) pointee: the atomic reference count and the
// last owner's delete are synchronized.
#include "vigil_test.h"
#include <memory>
#include <thread>
#include <vector>

struct config {
  int limit = 7;
  ~config() { limit = -1; }
};

static invisible_barrier together;

int main() {
  auto shared = std::make_shared<config>();
  invisible_barrier_init(&together, 4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++)
    threads.emplace_back([copy = shared]() mutable {
      invisible_barrier_wait(&together);
      long sum = 0;
      for (int i = 0; i < 1000; i++) {
        std::shared_ptr<config> local = copy;
        sum += local->limit;
      }
      if (sum != 7000)
        __builtin_trap();
      copy.reset(); // the last reset (in any thread) runs ~config
    });
  shared.reset();
  for (auto &t : threads)
    t.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
