// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// go() happens before the task starts: the job main filled in before go()
// is read by the task with no other synchronization.
#include <vigil/vigil.h>

#include <cstdio>

struct job {
  int id;
  int payload[4];
};
int limit;

int main() {
  job *j = new job{7, {1, 2, 3, 4}};
  limit = 40;
  auto result = vigil::make_chan<int>();
  vigil::go([j, result] {
    int sum = j->id;
    for (int p : j->payload) sum += p;
    result.send(sum + limit);
  });
  std::printf("sum %d\n", *result.recv());
  delete j;
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 57
