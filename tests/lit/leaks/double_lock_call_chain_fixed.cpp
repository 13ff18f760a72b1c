// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// double_lock_call_chain done right: the helpers that run under the lock
// are the *_locked variants; only the public entry points lock.
#include <vigil/vigil.h>
#include <cstdio>
#include <map>

struct cache {
  vigil::mutex mu;
  std::map<int, int> entries;  // guarded by mu

  void put_locked(int k, int v) { entries[k] = v; }  // requires mu
  int fill_locked(int k) {                           // requires mu
    put_locked(k, k * k);
    return k * k;
  }
  int get(int k) {
    mu.lock();
    auto it = entries.find(k);
    int v = it != entries.end() ? it->second : fill_locked(k);
    mu.unlock();
    return v;
  }
};

cache c;

int main() {
  auto got = vigil::make_chan<int>();
  for (int i = 0; i < 2; i++) vigil::go([got] { got.send(c.get(3)); });
  int a = *got.recv(), b = *got.recv();
  std::printf("got %d %d\n", a, b);
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: got 9 9
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
