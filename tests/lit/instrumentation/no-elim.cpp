// The plugin leaves out a re-check of bytes an earlier check covered;
// -fplugin-arg-vigil-no-elim (vigil-clang++ --vigil-no-elim) checks every
// access.
// RUN: %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-stats -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ELIM
// RUN: %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-stats -fplugin-arg-vigil-no-elim -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: %vigil_cxx --vigil-stats --vigil-no-elim -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ALL

struct counter {
  int hits;
  int misses;
};

// The store to c->hits is followed by a load of it that LLVM keeps (the
// volatile store between may alias): the write's check covers the read.
extern "C" int bump(counter *c, volatile int *v) {
  c->hits = c->hits + 1;
  *v = 0;
  return c->hits;
}

// ELIM: {{ +}}1 vigil - SkipRedundant:
// ALL: {{ +}}0 vigil - SkipReadBeforeWrite:
// ALL: {{ +}}0 vigil - SkipRedundant:
