// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// memory_order_consume on a pointer (compilers treat it as acquire): the data
// reached through the loaded pointer is ordered after its initialization.
#include "vigil_test.h"
#include <atomic>
#include <thread>

struct node {
  int value;
  int extra[3];
};

std::atomic<node *> head{nullptr};

int main() {
  std::thread reader([] {
    node *n;
    while (!(n = head.load(std::memory_order_consume))) {
    }
    if (n->value != 5 || n->extra[2] != 8)
      __builtin_trap();
    n->value = 6;
  });
  node *n = new node{5, {6, 7, 8}};
  head.store(n, std::memory_order_release);
  reader.join();
  if (n->value != 6)
    return 1;
  delete n;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
