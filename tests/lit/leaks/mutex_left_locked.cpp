// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// An early return leaves a vigil::mutex locked: the next task to lock it
// blocks forever.
#include <vigil/vigil.h>
#include <cstdio>

vigil::mutex mu;
int balance = 10;

bool withdraw(int amount) {
  mu.lock();
  if (amount > balance) return false;  // unlock forgotten
  balance -= amount;
  mu.unlock();
  return true;
}

int main() {
  withdraw(100);
  auto done = vigil::make_chan<bool>(1);
  vigil::go([done] {
    withdraw(1);
    done.send(true);
  });
  std::printf("balance %d\n", balance);
}

// CHECK:      balance 10
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   1 task is blocked in mutex lock at exit
// CHECK:        Blocked in mutex lock (task {{[0-9]+}}):
// CHECK-NEXT:     #0 withdraw(int) {{.*}}mutex_left_locked.cpp:12:
// CHECK-NEXT:     #1 main::$_0::operator()() const {{.*}}mutex_left_locked.cpp:23:
// CHECK-NOT:  WARNING: vigil
