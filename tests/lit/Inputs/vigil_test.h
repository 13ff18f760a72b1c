// vigil_test.h — helpers shared by the end-to-end test programs.
//
// invisible_barrier orders threads in time without creating a happens-before
// edge that vigil (or ThreadSanitizer) could see: its atomics are inline
// assembly and it sleeps with a raw futex system call, neither of which any
// instrumentation or interceptor observes. Racy tests use it to make the
// interleaving deterministic ("thread 1 writes, then thread 2 reads") while the
// two accesses stay unordered for the detector.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>

struct invisible_barrier {
  unsigned count;     // threads that must arrive
  unsigned arrived;   // threads arrived in this generation
  unsigned generation;
};

static inline unsigned vigil_test_xadd(unsigned *p, unsigned v) {
  asm volatile("lock xaddl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
  return v;
}

static inline unsigned vigil_test_load(const unsigned *p) {
  unsigned v;
  asm volatile("movl %1, %0" : "=r"(v) : "m"(*p) : "memory");
  return v;
}

static inline void vigil_test_store(unsigned *p, unsigned v) {
  asm volatile("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
}

static inline void invisible_barrier_init(invisible_barrier *b, unsigned count) {
  vigil_test_store(&b->count, count);
  vigil_test_store(&b->arrived, 0);
  vigil_test_store(&b->generation, 0);
}

// Blocks until `count` threads have called it; reusable.
static inline void invisible_barrier_wait(invisible_barrier *b) {
  unsigned gen = vigil_test_load(&b->generation);
  if (vigil_test_xadd(&b->arrived, 1) + 1 == vigil_test_load(&b->count)) {
    vigil_test_store(&b->arrived, 0);
    vigil_test_xadd(&b->generation, 1);
    syscall(SYS_futex, &b->generation, FUTEX_WAKE_PRIVATE, 0x7fffffff, nullptr, nullptr, 0);
    return;
  }
  while (vigil_test_load(&b->generation) == gen)
    syscall(SYS_futex, &b->generation, FUTEX_WAIT_PRIVATE, gen, nullptr, nullptr, 0);
}

// Prints the line clean tests end with, unbuffered so a later crash cannot eat it.
static inline void vigil_test_done() {
  std::fputs("DONE\n", stderr);
}
