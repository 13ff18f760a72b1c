// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// sync_map: a store happens before a load that observes it. A task builds a
// profile and stores the pointer; readers that poll the map until they load
// it read its fields.
#include <vigil/vigil.h>

#include <cstdio>
#include <optional>

struct profile {
  int id;
  int score;
};

int main() {
  vigil::sync_map<int, profile *> profiles;
  vigil::wait_group wg;
  int seen[3];
  for (int r = 0; r < 3; r++) {
    wg.add(1);
    vigil::go([&, r] {
      std::optional<profile *> p;
      while (!(p = profiles.load(7))) vigil::yield();
      seen[r] = (*p)->score;
      wg.done();
    });
  }
  vigil::go([&] {
    auto *p = new profile{7, 0};
    p->score = 99;
    profiles.store(7, p);
  });
  wg.wait();
  profile *p = *profiles.load(7);
  std::printf("seen %d %d %d id %d\n", seen[0], seen[1], seen[2], p->id);
  delete p;
}
// CHECK-NOT: WARNING: vigil
// CHECK: seen 99 99 99 id 7
