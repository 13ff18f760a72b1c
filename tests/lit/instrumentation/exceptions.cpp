// The shadow call stack stays balanced on exception paths: func_exit runs on
// the normal return, in catch handlers that return, and before a resume,
// at -O0 and -O2.
// RUN: %clangxx -O0 -fplugin=%plugin_shim -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -O2 -fplugin=%plugin_shim -S -emit-llvm %s -o - | FileCheck %s

void may_throw(int);
struct guard { ~guard(); };

// CHECK-LABEL: define {{.*}}@with_cleanup(
// CHECK:       call void @__vigil_func_entry(
// CHECK:       invoke void @_Z9may_throwi(
// CHECK:       load ptr, ptr @__vigil_tls_owner
// CHECK:       ret void
// CHECK:       landingpad
// CHECK:       load ptr, ptr @__vigil_tls_owner
// CHECK:       resume
extern "C" void with_cleanup(int v) {
  guard g;
  may_throw(v);
}

// CHECK-LABEL: define {{.*}}@with_catch(
// CHECK:       call void @__vigil_func_entry(
// CHECK:       invoke void @_Z9may_throwi(
// CHECK:       landingpad
// CHECK:       load ptr, ptr @__vigil_tls_owner
// CHECK:       ret i32
extern "C" int with_catch(int *p) {
  try {
    may_throw(*p);
  } catch (...) {
    return -1;
  }
  return 0;
}
