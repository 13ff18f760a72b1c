// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// RUN: rm -rf %t.dir && env VIGIL_OPTIONS=report_dir=%t.dir %expect_exit 66 1 %t > /dev/null 2>&1
// RUN: %python -c "import glob, json; [print(json.loads(l)['kind']) for f in glob.glob('%t.dir/*.jsonl') for l in open(f) if '\"kind\"' in l]" | FileCheck %s --check-prefix=JSON
// VERDICT: misuse
// A negative WaitGroup counter shows the extra done() and where the counter
// had already come down to zero (the done it duplicates).
#include <vigil/vigil.h>

vigil::wait_group wg;

void finish_item() { wg.done(); }

int main() {
  wg.add(1);
  finish_item();
  wg.done();  // one done too many
}

// CHECK:      WARNING: vigil: negative WaitGroup counter
// CHECK-NEXT:   In main thread:
// CHECK-NEXT:     #0 main {{.*}}negative_waitgroup_both_stacks.cpp:16:
// CHECK:        The counter last came down to zero at:
// CHECK-NEXT:     #0 finish_item() {{.*}}negative_waitgroup_both_stacks.cpp:11:
// CHECK:      SUMMARY: vigil: negative WaitGroup counter {{.*}}negative_waitgroup_both_stacks.cpp:16:
// JSON: negative WaitGroup counter
