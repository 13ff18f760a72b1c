// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Virtual calls from several threads, then destruction after join; also
// objects built in one thread and used in another after a mutex handoff.
#include "vigil_test.h"
#include <mutex>
#include <thread>
#include <vector>

struct shape {
  virtual ~shape() {}
  virtual int sides() const { return 0; }
};
struct triangle : shape {
  int sides() const override { return 3; }
};
struct square : shape {
  int sides() const override { return 4; }
};

std::mutex mu;
shape *slot;

int main() {
  shape *shared = new triangle;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; i++)
    threads.emplace_back([shared] {
      int n = 0;
      for (int k = 0; k < 100; k++)
        n += shared->sides();
      if (n != 300)
        __builtin_trap();
    });
  for (auto &t : threads)
    t.join();
  delete shared;

  std::thread maker([] {
    shape *s = new square;
    std::lock_guard<std::mutex> lock(mu);
    slot = s;
  });
  maker.join();
  std::thread user([] {
    std::lock_guard<std::mutex> lock(mu);
    if (slot->sides() != 4)
      __builtin_trap();
    delete slot;
    slot = nullptr;
  });
  user.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
