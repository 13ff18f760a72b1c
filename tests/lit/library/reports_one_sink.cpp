// The library's reports go through vigil's one report path, built with or
// without detection: a --no-detect program honours exitcode, report_dir
// (JSON lines), log_path, misuse: suppressions and a bad option; built with
// detection, a race and the library's misuse land in one JSON file, and the
// exit status is the findings' status.
// RUN: %vigil_cxx --no-detect -O1 -g %s -o %t.nd
// RUN: %vigil_cxx -O1 -g %s -o %t.d
// RUN: rm -rf %t.dir %t.log* %t.dir2 && mkdir -p %t.dir2
//
// Text on stderr with a SUMMARY line, the configured exit status.
// RUN: env VIGIL_OPTIONS=exitcode=9 %expect_exit 9 1 %t.nd 2>&1 | FileCheck %s --check-prefix=TEXT
// TEXT: WARNING: vigil: close of closed channel (pid={{[0-9]+}})
// TEXT-NEXT: In main thread:
// TEXT-NEXT: #0 close_twice() {{.*}}reports_one_sink.cpp:56
// TEXT: SUMMARY: vigil: close of closed channel {{.*}}reports_one_sink.cpp:56{{.*}} in close_twice()
//
// report_dir: one JSON line; log_path: the text goes to PATH.<pid>.
// RUN: env VIGIL_OPTIONS=report_dir=%t.dir:log_path=%t.log %expect_exit 66 1 %t.nd
// RUN: cat %t.dir/vigil.*.jsonl | FileCheck %s --check-prefix=JSON
// RUN: cat %t.log.* | FileCheck %s --check-prefix=TEXT
// JSON: {"schema":1,"kind":"close of closed channel","pid":{{[0-9]+}},{{.*}}"sections":[{"what":"misuse","heading":"In main thread","thread":0,"stack":[{"function":"close_twice()"
//
// A misuse: suppression silences the report; the program still cannot go on.
// RUN: echo "misuse:close_twice" > %t.supp
// RUN: env VIGIL_OPTIONS=suppressions=%t.supp %expect_exit 66 1 %t.nd 2>&1 | FileCheck %s --check-prefix=SUPP
// SUPP-NOT: WARNING: vigil
// SUPP: vigil: close of closed channel (report suppressed) ends the program: it cannot continue
//
// A bad option stops a --no-detect program at start too.
// RUN: env VIGIL_OPTIONS=exitcod=3 %expect_exit 2 1 %t.nd 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: vigil: unknown option 'exitcod' in VIGIL_OPTIONS
// BAD-NOT: main ran
//
// With detection: the race report and the misuse in one file, in order.
// RUN: env VIGIL_OPTIONS=report_dir=%t.dir2 %expect_exit 66 1 %t.d race 2>&1 | FileCheck %s --check-prefix=BOTH
// RUN: ls %t.dir2 | wc -l | FileCheck %s --check-prefix=ONEFILE
// RUN: cat %t.dir2/vigil.*.jsonl | FileCheck %s --check-prefix=BOTHJSON
// BOTH: WARNING: vigil: data race
// BOTH: WARNING: vigil: close of closed channel
// ONEFILE: 1
// BOTHJSON: "kind":"data race"
// BOTHJSON-NEXT: "kind":"close of closed channel"
#include <vigil/vigil.h>

#include <cstdio>
#include <cstring>

#include "vigil_test.h"

int shared;
invisible_barrier order;

[[gnu::noinline]] void close_twice() {
  auto c = vigil::make_chan<int>();
  c.close();
  c.close();
}

int main(int argc, char** argv) {
  std::puts("main ran");
  std::fflush(stdout);
  if (argc > 1 && std::strcmp(argv[1], "race") == 0) {
    invisible_barrier_init(&order, 2);
    vigil::wait_group wg;
    wg.add(1);
    vigil::go([&] {
      shared = 1;
      invisible_barrier_wait(&order);
      wg.done();
    });
    invisible_barrier_wait(&order);
    shared = 2;
    wg.wait();
  }
  close_twice();
}
