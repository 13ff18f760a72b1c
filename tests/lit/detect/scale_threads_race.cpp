// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// The 2,000-thread workload of scale_threads.cpp (waves of 500 alive at once)
// with one bug in the last wave: thread 7 writes a shared value after the
// barrier and thread 8 reads it after the barrier. Exactly one race, found
// among thousands of threads.
#include "vigil_test.h"
#include <pthread.h>

constexpr int kWave = 500;
constexpr int kWaves = 4;
pthread_barrier_t barrier;
long slots[kWave];
long sums[kWave];
long hot;
static invisible_barrier pair;

__attribute__((noinline)) void late_write() {
  hot = 1; // PREV
  invisible_barrier_wait(&pair);
}

__attribute__((noinline)) void late_read() {
  invisible_barrier_wait(&pair);
  long v = hot; // CUR
  asm volatile("" : : "r"(v));
}

void *work(void *arg) {
  long id = reinterpret_cast<long>(arg);
  slots[id % kWave] = id;
  pthread_barrier_wait(&barrier);
  sums[id % kWave] += slots[(id + 1) % kWave];
  if (id == (kWaves - 1) * kWave + 7)
    late_write();
  if (id == (kWaves - 1) * kWave + 8)
    late_read();
  return nullptr;
}

int main() {
  invisible_barrier_init(&pair, 2);
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
  return 0;
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 late_read(){{.*}}scale_threads_race.cpp:25:
// CHECK: Previous write of size 8 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 late_write(){{.*}}scale_threads_race.cpp:19:
// CHECK: Location is global 'hot' of size 8 at
// CHECK: SUMMARY: vigil: data race {{.*}}scale_threads_race.cpp:25:{{[0-9]+}} in late_read()
// CHECK-NOT: WARNING: vigil
