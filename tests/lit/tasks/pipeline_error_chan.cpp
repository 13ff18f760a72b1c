// RUN: %vigil_cxx -O1 -g %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// The twin of pipeline_shared_error_race.cpp done right: each stage sends its
// errors on a channel; main collects them after the last stage's output is
// closed (a send happens before the receive that gets it).
#include <vigil/vigil.h>

#include <cstdio>
#include <cstring>
#include <string>

struct stage_error {
  const char *stage;
  int item;
};

int main() {
  auto parsed = vigil::make_chan<int>(4);
  auto scaled = vigil::make_chan<int>(4);
  auto errors = vigil::make_chan<stage_error *>(8);
  vigil::go([parsed, errors] {
    const int input[] = {1, 2, -3, 4};
    for (int v : input) {
      if (v < 0) {
        errors.send(new stage_error{"parse", v});
        continue;
      }
      parsed.send(v);
    }
    parsed.close();
  });
  vigil::go([parsed, scaled, errors] {
    for (int v : parsed) {
      if (v == 2) {
        errors.send(new stage_error{"scale", v});
        continue;
      }
      scaled.send(v * 10);
    }
    scaled.close();
  });
  int sum = 0;
  for (int v : scaled) sum += v;
  int items = 0;
  std::string stages;
  for (int i = 0; i < 2; i++) {
    stage_error *e = *errors.recv();
    items += e->item;
    stages += std::strcmp(e->stage, "parse") == 0 ? 'p' : 's';
    delete e;
  }
  std::printf("sum %d errors %zu items %d\n", sum, stages.size(), items);
}
// CHECK-NOT: WARNING: vigil
// CHECK: sum 50 errors 2 items -1
