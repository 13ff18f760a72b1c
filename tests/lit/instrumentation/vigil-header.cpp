// Functions defined in vigil's own headers (any directory path ending in
// include/vigil/) are not instrumented at all — member functions, templates
// and lambdas included, atomics too — while the user's code around them is.
// RUN: %clangxx -I%S/Inputs/include -fplugin=%plugin_shim -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clangxx -I%S/Inputs/include -fplugin=%plugin_shim -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O2
// Found through a relative include path, too.
// RUN: cd %S/Inputs && %clangxx -Iinclude -fplugin=%plugin_shim -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O0

#include <vigil/fake_lib.h>

fake::counter c;

// The header's functions are called, never inlined into checked code;
// make_reader (no accesses, no calls) may be.
// CHECK-LABEL: define {{.*}}@user(
// CHECK:       call void @__vigil_func_entry(
// CHECK:       call {{.*}}@_ZN4fake7counter4bumpEv(
// CHECK:       call {{.*}}@_ZN4fake10load_twiceIiEET_PKS1_(
// CHECK-NOT:   call {{.*}}@__vigil_atomic
// O2:          call void @__vigil_read4(ptr %1)
// CHECK-NOT:   call {{.*}}@__vigil_atomic
// CHECK:       ret i32
extern "C" int user(int *p, int *q) {
  return c.bump() + fake::load_twice(p) + fake::make_reader()(p) + *q;
}

// CHECK-LABEL: define {{.*}}@_ZN4fake7counter4bumpEv(
// CHECK-SAME:  [[HDR:#[0-9]+]]
// CHECK-NOT:   __vigil
// CHECK:       ret i32
// CHECK-LABEL: define {{.*}}@_ZN4fake10load_twiceIiEET_PKS1_(
// CHECK-NOT:   __vigil
// CHECK:       ret i32
// O0-LABEL:    define {{.*}}@_ZZN4fake11make_readerEvENKUlPKiE_clES1_(
// O0-NOT:      __vigil
// O0:          ret i32

// CHECK: attributes [[HDR]] = {{.*}}noinline{{.*}}"vigil-skip"="vigil-header"
