// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// unlock_of_unlocked_mutex done right: a std::lock_guard unlocks exactly
// once on every path.
#include <vigil/vigil.h>
#include <cstdio>
#include <mutex>

vigil::mutex mu;
int balance = 10;

bool withdraw(int amount) {
  std::lock_guard lock(mu);
  if (amount > balance) return false;
  balance -= amount;
  return true;
}

int main() {
  auto done = vigil::make_chan<bool>();
  vigil::go([done] { done.send(withdraw(100)); });
  std::printf("withdrew %d\n", *done.recv());
  std::printf("withdrew %d\n", withdraw(3));
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: withdrew 0
// CHECK: withdrew 1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
