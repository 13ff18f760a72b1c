// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// Double locking through a call chain (GoKer: resource deadlock): a cache's
// get() holds the lock and, on a miss, calls fill(), which calls put(),
// which locks again. The blocked stack shows the whole chain.
#include <vigil/vigil.h>
#include <cstdio>
#include <map>

struct cache {
  vigil::mutex mu;
  std::map<int, int> entries;  // guarded by mu

  __attribute__((noinline)) void put(int k, int v) {
    mu.lock();  // get() already holds mu
    entries[k] = v;
    mu.unlock();
  }
  __attribute__((noinline)) int fill(int k) {
    put(k, k * k);
    return k * k;
  }
  int get(int k) {
    mu.lock();
    auto it = entries.find(k);
    int v = it != entries.end() ? it->second : fill(k);
    mu.unlock();
    return v;
  }
};

cache c;
vigil::chan<int> got = vigil::make_chan<int>(1);

int main() {
  vigil::go([] { got.send(c.get(3)); });
  std::printf("lookup started\n");
}

// CHECK:      WARNING: vigil: deadlock (wait-for cycle)
// CHECK-NEXT:   1 task waits for itself: it can never be woken.
// CHECK:        Task {{[0-9]+}} waits in mutex lock on vigil::mutex 0x{{[0-9a-f]+}}, held by this task itself:
// CHECK-NEXT:     #0 cache::put(int, int) {{.*}}double_lock_call_chain.cpp:15:
// CHECK-NEXT:     #1 cache::fill(int) {{.*}}double_lock_call_chain.cpp:20:
// CHECK-NEXT:     #2 cache::get(int) {{.*}}double_lock_call_chain.cpp:26:
// CHECK-NEXT:     #3 main::$_0::operator()() const {{.*}}double_lock_call_chain.cpp:36:
// CHECK:        Task {{[0-9]+}} (blocked in mutex lock, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}double_lock_call_chain.cpp:36:
// CHECK:      SUMMARY: vigil: deadlock (wait-for cycle) {{.*}}double_lock_call_chain.cpp:15:
// (Reported once: at exit, or already while running — then one line at exit says so.)
// CHECK-NOT:  WARNING: vigil
