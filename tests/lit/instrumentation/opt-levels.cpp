// The plugin instruments at every optimization level, -O0 included (the pass
// is required, so optnone functions are not skipped).
// RUN: %clangxx -fplugin=%plugin_shim -O0 -S -emit-llvm %s -o - | FileCheck %s 
// RUN: %clangxx -fplugin=%plugin_shim -O1 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fplugin=%plugin_shim -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fplugin=%plugin_shim -O3 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fplugin=%plugin_shim -Os -S -emit-llvm %s -o - | FileCheck %s
// The output is valid IR.
// RUN: %clangxx -fplugin=%plugin_shim -O2 -S -emit-llvm %s -o %t.ll
// RUN: opt -passes=verify -disable-output %t.ll

int shared;

// CHECK-LABEL: define {{.*}}@store_shared(
// CHECK:       call void @__vigil_func_entry(
// CHECK:       call void @__vigil_write4(ptr {{.*}}@shared)
// CHECK:       load ptr, ptr @__vigil_tls_owner
extern "C" void store_shared(int v) { shared = v; }

// CHECK-LABEL: define {{.*}}@load_ptr(
// The local copy of p at -O0 does not escape and is not checked.
// CHECK-NOT:   call void @__vigil_read8(
// CHECK:       call void @__vigil_read4(
extern "C" int load_ptr(int *p) { return *p; }

// CHECK-LABEL: define {{.*}}@atomic_inc(
// CHECK:       call i32 @__vigil_atomic32_fetch_add(ptr {{.*}}, i32 {{.*}}, i32 3)
// CHECK-NOT:   atomicrmw
// CHECK:       ret
extern "C" int atomic_inc(int *p) { return __atomic_fetch_add(p, 1, __ATOMIC_RELEASE); }

// CHECK-LABEL: define internal void @vigil.module_ctor()
// CHECK-NEXT:  call void @__vigil_init_v1()
