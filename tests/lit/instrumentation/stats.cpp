// -fplugin-arg-vigil-stats prints the pass's own counters for the module,
// including every elision and the exclusions found in the AST.
// RUN: %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-stats -O0 -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -fplugin=%plugin_shim -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty

// CHECK:      ===-- vigil instrumentation statistics: {{.*}}stats.cpp --===
// CHECK-NEXT: {{ +}}{{[1-9][0-9]*}} vigil - PlainAccessesSeen: plain loads and stores considered for a check
// CHECK-NEXT: {{ +}}3 vigil - PlainChecksEmitted:
// CHECK-NEXT: {{ +}}2 vigil - ReadsAligned: aligned 1/2/4/8/16-byte reads instrumented
// CHECK:      {{ +}}1 vigil - WritesAligned:
// CHECK:      {{ +}}1 vigil - AtomicRMWs:
// CHECK:      {{ +}}1 vigil - MemSets:
// CHECK:      {{ +}}2 vigil - FuncsEntryExit:
// CHECK:      {{ +}}{{[1-9][0-9]*}} vigil - SkipNonEscapingAlloca:
// CHECK:      {{ +}}1 vigil - SkipConstantGlobal:
// CHECK:      {{ +}}1 vigil - FuncsSkipNoSanitize:
// CHECK:      {{ +}}1 vigil - AstNoSanitize:
// QUIET-NOT:  vigil

const int table[2] = {1, 2};
int shared;

extern "C" int reader(int *p, int i) { return *p + table[i & 1]; }

extern "C" void writer(int *p, char *buf) {
  shared = *p;
  __builtin_memset(buf, 0, 64);
  __atomic_fetch_add(p, 1, __ATOMIC_RELAXED);
}

extern "C" __attribute__((no_sanitize("thread"))) int quiet(int *p) { return *p; }
