// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Each thread owns one member of a packed struct; the members share 8-byte
// words but never a byte, so nothing races.
#include "vigil_test.h"
#include <thread>

struct stats {
  char tag;      // thread 0
  char mode;     // thread 1
  short count;   // thread 2
  int total;     // thread 3
  long long sum; // thread 4
};

stats s;
static invisible_barrier together;

int main() {
  invisible_barrier_init(&together, 5);
  // The invisible barrier makes the five threads run at the same time
  // without ordering them for the detector.
  std::thread t0([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) s.tag++; });
  std::thread t1([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) s.mode++; });
  std::thread t2([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) s.count++; });
  std::thread t3([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) s.total++; });
  std::thread t4([] { invisible_barrier_wait(&together); for (int i = 0; i < 100; i++) s.sum++; });
  t0.join();
  t1.join();
  t2.join();
  t3.join();
  t4.join();
  if (s.tag != 100 || s.mode != 100 || s.count != 100 || s.total != 100 || s.sum != 100)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
