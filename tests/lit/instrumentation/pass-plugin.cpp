// -fpass-plugin=vigil-plugin.so (through the shim's forwarded
// llvmGetPassPluginInfo) instruments at -O0 and -O2 without the frontend
// action; combined with -fplugin the module is instrumented once.
// RUN: %clangxx -fpass-plugin=%plugin_shim -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fpass-plugin=%plugin_shim -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fpass-plugin=%vigil_lib/vigil-plugin-impl.so -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fpass-plugin=%plugin_shim -fplugin=%plugin_shim -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,ONCE

int shared;

// CHECK-LABEL: define {{.*}}@bump(
// CHECK:       call void @__vigil_func_entry(
// ONCE-NOT:    call void @__vigil_func_entry(
// CHECK:       call void @__vigil_write4(ptr {{.*}}@shared)
// ONCE-NOT:    call void @__vigil_write4(
// CHECK:       call i32 @__vigil_atomic32_fetch_add(
// CHECK:       load ptr, ptr @__vigil_tls_owner
extern "C" void bump(int v, int *counter) {
  shared = v;
  __atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);
}

// CHECK: @__vigil_init_v1()
