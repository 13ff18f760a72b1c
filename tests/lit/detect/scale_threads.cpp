// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// 2,000 threads over the run in four waves of 500 that are all alive at once
// (held together by a 500-party pthread barrier). Each thread writes its own
// slot, passes the barrier, then reads its neighbour's slot: ordered by the
// barrier. Clocks and thread slots must cope with the count.
#include "vigil_test.h"
#include <pthread.h>

constexpr int kWave = 500;
constexpr int kWaves = 4;
pthread_barrier_t barrier;
long slots[kWave];
long sums[kWave];

void *work(void *arg) {
  long id = reinterpret_cast<long>(arg);
  slots[id % kWave] = id;
  pthread_barrier_wait(&barrier);
  sums[id % kWave] += slots[(id + 1) % kWave];
  return nullptr;
}

int main() {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  static pthread_t threads[kWave];
  for (int wave = 0; wave < kWaves; wave++) {
    pthread_barrier_init(&barrier, nullptr, kWave);
    for (long i = 0; i < kWave; i++)
      if (pthread_create(&threads[i], &attr, work, reinterpret_cast<void *>(wave * kWave + i)) != 0)
        return 1;
    for (auto &t : threads)
      pthread_join(t, nullptr);
    pthread_barrier_destroy(&barrier);
  }
  long total = 0;
  for (long s : sums)
    total += s;
  // Every id from 0..1999 is read once, except that the neighbour of a wave's
  // last thread is the wave's first: sum of ids, shifted per wave.
  long expect = 0;
  for (int wave = 0; wave < kWaves; wave++)
    for (long i = 0; i < kWave; i++)
      expect += wave * kWave + (i + 1) % kWave;
  if (total != expect)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
