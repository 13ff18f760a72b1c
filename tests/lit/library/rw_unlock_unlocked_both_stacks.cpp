// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s --check-prefix=WRITER
// RUN: %vigil_cxx -O1 -DSHARED %s -o %t.shared && %run_race %t.shared 2>&1 | FileCheck %s --check-prefix=SHARED
// RUN: %vigil_cxx --no-detect -g -O1 -DSHARED %s -o %t.nd && %run_race %t.nd 2>&1 | FileCheck %s --check-prefix=SHARED
// VERDICT: misuse
// One unlock too many of a vigil::rw_mutex, as a writer and as a reader: the
// report shows the offending call (in a task) and where the rw_mutex had been
// unlocked before (the unlock it duplicates), with and without detection.
#include <vigil/vigil.h>

vigil::rw_mutex rw;

// (Not a tail call: the unlock's return address is in release().)
#ifdef SHARED
__attribute__((noinline)) void release() { rw.unlock_shared(); asm volatile(""); }
#else
__attribute__((noinline)) void release() { rw.unlock(); asm volatile(""); }
#endif

int main() {
#ifdef SHARED
  rw.lock_shared();
#else
  rw.lock();
#endif
  release();
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&] {
#ifdef SHARED
    rw.unlock_shared();  // one too many
#else
    rw.unlock();  // one too many
#endif
    wg.done();
  });
  wg.wait();
}

// WRITER:      WARNING: vigil: unlock of an unlocked rw_mutex
// WRITER-NEXT:   In task {{[0-9]+}}:
// WRITER-NEXT:     #0 main::$_0::operator()() const {{.*}}rw_unlock_unlocked_both_stacks.cpp:32:
// WRITER:        Unlocked before at:
// WRITER-NEXT:     #0 release() {{.*}}rw_unlock_unlocked_both_stacks.cpp:16:
// WRITER:      SUMMARY: vigil: unlock of an unlocked rw_mutex {{.*}}rw_unlock_unlocked_both_stacks.cpp:32:

// SHARED:      WARNING: vigil: unlock_shared of an unlocked rw_mutex
// SHARED-NEXT:   In task {{[0-9]+}}:
// SHARED-NEXT:     #0 main::$_0::operator()() const {{.*}}rw_unlock_unlocked_both_stacks.cpp:30:
// SHARED:        Unlocked (shared) before at:
// SHARED-NEXT:     #0 release() {{.*}}rw_unlock_unlocked_both_stacks.cpp:14:
// SHARED:      SUMMARY: vigil: unlock_shared of an unlocked rw_mutex {{.*}}rw_unlock_unlocked_both_stacks.cpp:30:
