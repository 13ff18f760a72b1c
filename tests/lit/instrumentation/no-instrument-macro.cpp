// VIGIL_NO_INSTRUMENT (vigil/annotations.h) excludes a function entirely,
// atomics included, with -fplugin and with -fpass-plugin: its
// disable_sanitizer_instrumentation survives into IR.
// RUN: %clangxx -fplugin=%plugin_shim -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fplugin=%plugin_shim -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %clangxx -fpass-plugin=%plugin_shim -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fpass-plugin=%plugin_shim -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O2

#include <vigil/annotations.h>

int counter;

// CHECK-LABEL: define {{.*}}@quiet(
// CHECK-SAME:  [[ATTRS:#[0-9]+]]
// CHECK-NOT:   __vigil
// CHECK:       ret i32
extern "C" VIGIL_NO_INSTRUMENT int quiet(int *p) {
  __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
  return *p;
}

// Called, not inlined, from instrumented code.
// CHECK-LABEL: define {{.*}}@loud(
// CHECK:       call void @__vigil_func_entry(
// CHECK:       call {{.*}}@quiet(
// O2:          call void @__vigil_read4(ptr %1)
// CHECK:       ret i32
extern "C" int loud(int *p, int *q) { return quiet(p) + *q; }

// CHECK: attributes [[ATTRS]] = {{.*}}disable_sanitizer_instrumentation{{.*}}noinline
