; Instructions carrying !nosanitize are not instrumented, atomics and memory
; intrinsics included (VigilMarkPass puts it on code that must stay
; uninstrumented where it gets inlined).
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

define i32 @marked(ptr %p, ptr %q) {
; CHECK-LABEL: define i32 @marked(
; CHECK:      call void @__vigil_read4(ptr %q)
; CHECK-NEXT: %b = load i32, ptr %q
; CHECK-NOT:  call {{.*}}@__vigil_{{read|write|atomic|memset}}
; CHECK:      ret i32
  %a = load i32, ptr %p, align 4, !nosanitize !0
  %b = load i32, ptr %q, align 4
  store i32 %a, ptr %p, align 4, !nosanitize !0
  %c = atomicrmw add ptr %p, i32 1 seq_cst, !nosanitize !0
  %d = load atomic i32, ptr %p acquire, align 4, !nosanitize !0
  fence seq_cst, !nosanitize !0
  call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 8, i1 false), !nosanitize !0
  ret i32 %b
}

!0 = !{}
