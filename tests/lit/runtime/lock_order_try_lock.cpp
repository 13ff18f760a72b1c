// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// std::scoped_lock and std::lock over two mutexes in opposite orders in two
// threads cannot deadlock (the standard's algorithm locks one and try_locks
// the other, backing off): no lock-order inversion. Neither does a
// pthread_mutex_trylock taken while holding another mutex, nor the same with
// rwlocks and spinlocks. (tests/lit/runtime/lock_order.cpp: blocking locks in
// opposite orders are still reported.)
#include "vigil_test.h"
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <thread>

std::mutex a, b;
std::shared_mutex ra, rb;
pthread_mutex_t pa = PTHREAD_MUTEX_INITIALIZER, pb = PTHREAD_MUTEX_INITIALIZER;
pthread_spinlock_t sa, sb;
int shared_value;

int main() {
  pthread_spin_init(&sa, 0);
  pthread_spin_init(&sb, 0);
  std::thread t1([] {
    std::scoped_lock l(a, b);
    shared_value++;
  });
  t1.join();
  std::thread t2([] {
    std::scoped_lock l(b, a);
    shared_value++;
  });
  t2.join();
  std::thread t3([] {
    std::lock(ra, rb);
    shared_value++;
    ra.unlock();
    rb.unlock();
  });
  t3.join();
  std::thread t4([] {
    std::lock(rb, ra);
    shared_value++;
    rb.unlock();
    ra.unlock();
  });
  t4.join();
  std::thread t5([] {
    pthread_mutex_lock(&pa);
    pthread_mutex_lock(&pb);
    shared_value++;
    pthread_mutex_unlock(&pb);
    pthread_mutex_unlock(&pa);
    pthread_spin_lock(&sa);
    pthread_spin_lock(&sb);
    pthread_spin_unlock(&sb);
    pthread_spin_unlock(&sa);
  });
  t5.join();
  std::thread t6([] {
    pthread_mutex_lock(&pb);
    if (pthread_mutex_trylock(&pa) == 0) {
      shared_value++;
      pthread_mutex_unlock(&pa);
    }
    pthread_mutex_unlock(&pb);
    pthread_spin_lock(&sb);
    if (pthread_spin_trylock(&sa) == 0) pthread_spin_unlock(&sa);
    pthread_spin_unlock(&sb);
  });
  t6.join();
  if (shared_value != 6) return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
