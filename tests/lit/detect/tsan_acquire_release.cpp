// RUN: %vigil_cxx -O2 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// ThreadSanitizer's low-level interface __tsan_release / __tsan_acquire
// (declared by the program, as annotated libraries do) orders a hand-off
// through custom synchronization the detector cannot see.
#include "vigil_test.h"
#include <thread>

extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);

struct message {
  long id;
  char text[24];
};

message box;
int token;
static invisible_barrier handoff;

int main() {
  invisible_barrier_init(&handoff, 2);
  std::thread sender([] {
    for (int round = 0; round < 10; round++) {
      box.id = round;
      box.text[round] = 'a';
      __tsan_release(&token);
      invisible_barrier_wait(&handoff); // the receiver reads now
      invisible_barrier_wait(&handoff); // the receiver is done
      __tsan_acquire(&token);
    }
  });
  std::thread receiver([] {
    for (int round = 0; round < 10; round++) {
      invisible_barrier_wait(&handoff);
      __tsan_acquire(&token);
      if (box.id != round || box.text[round] != 'a')
        __builtin_trap();
      box.text[round] = 'b';
      __tsan_release(&token);
      invisible_barrier_wait(&handoff);
    }
  });
  sender.join();
  receiver.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
