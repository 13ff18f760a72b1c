// The lock-order graph at scale and in its corners: a cycle through three
// mutexes is found after thousands of edges exist; 64 striped mutexes taken
// in order 2,000 times and 1,000 nested mutexes are no inversion (and cost
// little: see bench/detector/lock_order.cpp); mutexes destroyed and
// re-initialized at the same addresses start with no edges, also in the
// caches of owners that saw the old ones.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: %run_race %t cycle 2>&1 | FileCheck %s --check-prefix=CYCLE
// RUN: %run_clean %t clean 2>&1 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <mutex>
#include <vector>

static void in_order(std::vector<std::mutex> &ms, int rounds) {
  for (int r = 0; r < rounds; r++) {
    for (auto &m : ms) m.lock();
    for (size_t i = ms.size(); i-- > 0;) ms[i].unlock();
  }
}

static void nested(pthread_mutex_t *first, pthread_mutex_t *second) {
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
  pthread_mutex_unlock(second);
  pthread_mutex_unlock(first);
}

std::mutex a, b, c;

__attribute__((noinline)) void a_then_b() {
  std::lock_guard<std::mutex> la(a);
  std::lock_guard<std::mutex> lb(b);
}
__attribute__((noinline)) void b_then_c() {
  std::lock_guard<std::mutex> lb(b);
  std::lock_guard<std::mutex> lc(c);
}
__attribute__((noinline)) void c_then_a() {
  std::lock_guard<std::mutex> lc(c);
  std::lock_guard<std::mutex> la(a);
}

int main(int argc, char **argv) {
  std::vector<std::mutex> stripes(64), deep(1000);
  in_order(stripes, 2000);
  in_order(deep, 1);
  if (!strcmp(argv[1], "cycle")) {
    a_then_b();
    b_then_c();
    c_then_a();
  } else {
    pthread_mutex_t x, y;
    pthread_mutex_init(&x, nullptr);
    pthread_mutex_init(&y, nullptr);
    nested(&x, &y);
    pthread_mutex_destroy(&x);
    pthread_mutex_destroy(&y);
    pthread_mutex_init(&x, nullptr);
    pthread_mutex_init(&y, nullptr);
    nested(&y, &x);  // new mutexes: no order known between them yet
    nested(&y, &x);
    pthread_mutex_destroy(&x);
    pthread_mutex_destroy(&y);
  }
  fprintf(stderr, "done\n");
  return 0;
}

// CYCLE: WARNING: vigil: lock-order inversion (potential deadlock)
// CYCLE: Cycle in lock order graph: M{{0x[0-9a-f]+}} => M{{0x[0-9a-f]+}} => M{{0x[0-9a-f]+}} => M{{0x[0-9a-f]+}}
// CYCLE-DAG: a_then_b(){{.*}}lock_order_graph.cpp
// CYCLE-DAG: b_then_c(){{.*}}lock_order_graph.cpp
// CYCLE-DAG: c_then_a(){{.*}}lock_order_graph.cpp
// CYCLE: SUMMARY: vigil: lock-order inversion (potential deadlock)

// CLEAN-NOT: vigil
// CLEAN: done
