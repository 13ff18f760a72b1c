// __attribute__((no_sanitize("thread"))) leaves no trace in IR without
// -fsanitize=thread; the plugin reads it from the AST. Such functions get no
// checks of plain accesses and no entry/exit, but keep their atomics (the
// runtime must see every synchronization) — for free functions, member
// functions, lambdas and template instantiations, at -O0 and -O2, also where
// they are inlined.
// RUN: %clangxx -std=c++20 -fplugin=%plugin_shim -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clangxx -std=c++20 -fplugin=%plugin_shim -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O2
// -fpass-plugin alone cannot see the attribute (see docs/instrumentation.md).
// RUN: %clangxx -std=c++20 -fpass-plugin=%plugin_shim -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PASSONLY

#define NO_TSAN __attribute__((no_sanitize("thread")))

int flag;

// CHECK-LABEL: define {{.*}}@free_fn(
// CHECK-SAME:  [[NOSAN:#[0-9]+]]
// CHECK-NOT:   call void @__vigil_{{read|write|func}}
// CHECK:       call i32 @__vigil_atomic32_load(ptr {{.*}}@flag, i32 2)
// CHECK-NOT:   call void @__vigil_{{read|write|func}}
// CHECK:       ret
// PASSONLY-LABEL: define {{.*}}@free_fn(
// PASSONLY:    call void @__vigil_func_entry(
extern "C" NO_TSAN int free_fn(int *p) { return *p + __atomic_load_n(&flag, __ATOMIC_ACQUIRE); }

struct widget {
  int value;
  NO_TSAN int in_class() { return value; }
  NO_TSAN int out_of_line();
  NO_TSAN widget() : value(1) {}
};

// CHECK-LABEL: define {{.*}}@_ZN6widget11out_of_lineEv(
// CHECK-NOT:   call void @__vigil_{{read|write|func}}
// CHECK:       ret
int widget::out_of_line() { return value * 2; }

template <class T> NO_TSAN T read_it(const T *p) { return *p; }

// CHECK-LABEL: define {{.*}}@use_all(
// CHECK:       call void @__vigil_func_entry(
// The excluded functions are called, not inlined (as with TSan): inlining
// could lose their exclusion. Only the caller's own read of *q is checked.
// O2:          call {{.*}}@_ZN6widget8in_classEv(
// O2:          call {{.*}}@_Z7read_itIiET_PKS0_(
// O2-NOT:      call void @__vigil_read
// O2:          call void @__vigil_read4(ptr %1)
// O2-NOT:      call void @__vigil_read
// CHECK:       ret
extern "C" int use_all(int *p, int *q) {
  widget w;
  auto lambda = [](const int *x) NO_TSAN { return *x; };
  return w.in_class() + w.out_of_line() + read_it(p) + lambda(p) + *q;
}

// At -O0 the excluded functions are separate; none has checks or entry/exit.
// O0-LABEL:    define {{.*}}@_ZN6widgetC2Ev(
// O0-NOT:      call void @__vigil_{{read|write|func}}
// O0:          ret void
// O0-LABEL:    define {{.*}}@_ZN6widget8in_classEv(
// O0-NOT:      call void @__vigil_{{read|write|func}}
// O0:          ret i32
// O0-LABEL:    define {{.*}}@_Z7read_itIiET_PKS0_(
// O0-NOT:      call void @__vigil_{{read|write|func}}
// O0:          ret i32
// O0-LABEL:    define {{.*}}@"_ZZ7use_allENK3$_0clEPKi"(
// O0-NOT:      call void @__vigil_{{read|write|func}}
// O0:          ret i32

// CHECK: attributes [[NOSAN]] = {{.*}}noinline{{.*}}"vigil-skip"="no_sanitize"
