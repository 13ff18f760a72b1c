// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx --no-detect -g -O1 %s -o %t.nd && %run_race %t.nd 2>&1 | FileCheck %s
// VERDICT: misuse
// An unlock of an unlocked vigil::mutex shows the unlock that is one too many
// (in a task) and where the mutex had been unlocked before (the unlock it
// duplicates), with and without detection. One wording with the detector's
// report for pthread mutexes: "unlock of an unlocked mutex".
#include <vigil/vigil.h>

vigil::mutex m;

__attribute__((noinline)) void release() { m.unlock(); }

int main() {
  m.lock();
  release();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
    m.unlock();  // one too many
    wg.done();
  });
  wg.wait();
}

// CHECK:      WARNING: vigil: unlock of an unlocked mutex
// CHECK-NEXT:   In task {{[0-9]+}}:
// CHECK-NEXT:     #0 main::$_0::operator()() const {{.*}}unlock_unlocked_both_stacks.cpp:20:
// CHECK:        Unlocked before at:
// CHECK-NEXT:     #0 release() {{.*}}unlock_unlocked_both_stacks.cpp:12:
// CHECK:      SUMMARY: vigil: unlock of an unlocked mutex {{.*}}unlock_unlocked_both_stacks.cpp:20:
