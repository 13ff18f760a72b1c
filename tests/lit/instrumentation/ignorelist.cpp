// -fplugin-arg-vigil-ignorelist=FILE (sanitizer special-case-list syntax):
// fun: matches mangled, demangled or qualified names, src: the file a function
// is defined in (headers included). Matched functions keep their atomics.
// RUN: printf '# vigil ignorelist\nfun:_Z10by_mangledPi\nfun:ns::by_name\nsrc:*ignored_header.h\n' > %t.txt
// RUN: %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-ignorelist=%t.txt -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-ignorelist=%t.txt -O2 -S -emit-llvm %s -o - | FileCheck %s
// A src: entry for this file ignores everything in it.
// RUN: echo 'src:*ignorelist.cpp' > %t.self
// RUN: %clangxx -fplugin=%plugin_shim -fplugin-arg-vigil-ignorelist=%t.self -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=SELF

#include "Inputs/ignored_header.h"

int g;

// CHECK-LABEL: define {{.*}}@_Z10by_mangledPi(
// CHECK-NOT:   call void @__vigil_{{read|write|func}}
// CHECK:       ret
int by_mangled(int *p) { return *p; }

namespace ns {
// CHECK-LABEL: define {{.*}}@_ZN2ns7by_nameEPi(
// CHECK-NOT:   call void @__vigil_{{read|write|func}}
// CHECK:       call void @__vigil_atomic32_store(
// CHECK-NOT:   call void @__vigil_{{read|write|func}}
// CHECK:       ret
void by_name(int *p) {
  *p = 1;
  __atomic_store_n(&g, 1, __ATOMIC_RELEASE);
}
} // namespace ns

// CHECK-LABEL: define {{.*}}@kept(
// CHECK:       call void @__vigil_func_entry(
// CHECK:       call void @__vigil_read4(
// SELF-LABEL:  define {{.*}}@kept(
// SELF-NOT:    call void @__vigil_{{read|write|func}}
// SELF:        ret
extern "C" int kept(int *p) { return *p + by_mangled(p) + header_read(p); }

// CHECK-LABEL: define {{.*}}@_Z11header_readPKi(
// CHECK-NOT:   call void @__vigil_{{read|write|func}}
// CHECK:       ret i32
