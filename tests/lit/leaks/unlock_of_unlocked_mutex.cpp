// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: misuse
// Unlock of an unlocked mutex (Go's "sync: unlock of unlocked mutex" fatal
// error): the error path unlocks, then falls through to the common unlock.
#include <vigil/vigil.h>
#include <cstdio>

vigil::mutex mu;
int balance = 10;

bool withdraw(int amount) {
  mu.lock();
  bool ok = amount <= balance;
  if (!ok) mu.unlock();  // the error path unlocks...
  else balance -= amount;
  mu.unlock();           // ...and so does the common path
  return ok;
}

int main() {
  auto done = vigil::make_chan<bool>();
  vigil::go([done] { done.send(withdraw(100)); });
  std::printf("withdrew %d\n", *done.recv());
}

// CHECK-NOT:  withdrew
// CHECK:      WARNING: vigil: unlock of an unlocked mutex
// CHECK-NEXT:   In task {{[0-9]+}}:
// CHECK-NEXT:     #0 withdraw(int) {{.*}}unlock_of_unlocked_mutex.cpp:16:
// CHECK-NEXT:     #1 main::$_0::operator()() const {{.*}}unlock_of_unlocked_mutex.cpp:22:
// CHECK:      SUMMARY: vigil: unlock of an unlocked mutex {{.*}}unlock_of_unlocked_mutex.cpp:16:
// CHECK-NOT:  WARNING: vigil
