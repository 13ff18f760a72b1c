// With report_dir, every report is also one JSON object per line in
// DIR/vigil.<pid>.<random>.jsonl, written when the report is made: a crash
// right after the report loses nothing.
// RUN: %vigil_cxx -O1 %s -o %t
// RUN: rm -rf %t.dir
// RUN: env VIGIL_OPTIONS=report_dir=%t.dir %expect_exit 134 1 %t 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: cat %t.dir/vigil.*.jsonl | FileCheck %s --check-prefix=JSON
// RUN: %python -c "import glob, json, sys; objs = [json.loads(l) for f in glob.glob(sys.argv[1] + '/*.jsonl') for l in open(f)]; recs = [o['event'] for o in objs if 'record' in o]; assert recs == ['start'], recs; objs = [o for o in objs if 'record' not in o]; assert len(objs) == 1, objs; o = objs[0]; assert o['schema'] == 1 and o['kind'] == 'data race'; assert [a['role'] for a in o['accesses']] == ['current', 'previous']; assert all(a['stack'] for a in o['accesses']); print('JSON OK')" %t.dir | FileCheck %s --check-prefix=VALID
// A program name that is not UTF-8 (bytes 0xff 0xfe) still gives valid
// UTF-8 JSON (decoded strictly), the bytes as \xNN text.
// RUN: rm -rf %t.dir3 && mkdir -p %t.dir3
// RUN: sh -c 'ln -s %t "%t.dir3/prog-$(printf "\377\376")"; cd %t.dir3 && VIGIL_OPTIONS=report_dir=%t.dir3/out ./prog-*' > /dev/null 2>&1 || true
// RUN: %python -c "import glob, json, sys; objs = [json.loads(l.decode('utf-8', 'strict')) for f in glob.glob(sys.argv[1] + '/out/*.jsonl') for l in open(f, 'rb')]; data = [o for o in objs if 'record' not in o]; assert len(data) == 1, data; print(data[0]['argv0'])" %t.dir3 | FileCheck %s --check-prefix=ARGV0
// ARGV0: ./prog-\xff\xfe
#include <cstdlib>
#include <thread>

#include "vigil_test.h"

int shared;
invisible_barrier order;

int main() {
  invisible_barrier_init(&order, 2);
  std::thread t([] {
    shared = 1;
    invisible_barrier_wait(&order);
  });
  invisible_barrier_wait(&order);
  shared = 2;
  t.join();
  std::abort();  // the program dies right after the report
}

// TEXT: WARNING: vigil: data race
// JSON: {"schema":1,"kind":"data race","pid":{{[0-9]+}},"argv0":"{{.*}}report_dir.cpp.tmp","summary":"data race {{.*}}report_dir.cpp:{{[0-9]+}}:{{[0-9]+}} in main"
// JSON-SAME: "accesses":[{"role":"current","type":"write","size":4
// JSON-SAME: {"role":"previous","type":"write","size":4
// JSON-SAME: "location":{"type":"global","name":"shared","size":4
// VALID: JSON OK
