; Function-level exclusions, as they appear in IR:
;  - disable_sanitizer_instrumentation, naked: nothing at all, atomics included;
;  - "vigil-skip"="vigil-header": the function's own accesses (which the mark
;    pass tags !nosanitize) are left alone, atomics included, and it gets no
;    shadow frame; so is an access without debug info (whose code it is cannot
;    be told: library-inlined-user-code.ll has the ones that can);
;  - "vigil-skip"="no_sanitize" / "ignorelist" (from no_sanitize("thread") or
;    the ignorelist): plain accesses, memory intrinsics and entry/exit are
;    skipped, atomics and fences are still instrumented (as TSan does).
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @callee()

define i32 @disabled(ptr %p) disable_sanitizer_instrumentation {
; CHECK-LABEL: define i32 @disabled(
; CHECK-NOT:  __vigil
; CHECK:      atomicrmw add
; CHECK-NOT:  __vigil
; CHECK:      ret i32
  call void @callee()
  %a = load i32, ptr %p, align 4
  %b = atomicrmw add ptr %p, i32 1 seq_cst
  fence seq_cst
  ret i32 %a
}

define void @naked() naked {
; CHECK-LABEL: define void @naked(
; CHECK-NOT:  __vigil
; CHECK:      unreachable
  call void asm sideeffect "ret", ""()
  unreachable
}

define i32 @vigil_header(ptr %p, ptr %user) "vigil-skip"="vigil-header" {
; CHECK-LABEL: define i32 @vigil_header(
; CHECK-NOT:  __vigil
; CHECK:      load atomic i32
; CHECK-NOT:  __vigil
; CHECK:      ret i32
  call void @callee()
  %a = load atomic i32, ptr %p acquire, align 4, !nosanitize !0
  store i32 %a, ptr %p, align 4, !nosanitize !0
  store i32 %a, ptr %user, align 4
  ret i32 %a
}

define i32 @no_sanitize(ptr %p, ptr %q) "vigil-skip"="no_sanitize" {
; CHECK-LABEL: define i32 @no_sanitize(
; CHECK-NOT:  __vigil_func_entry
; CHECK-NOT:  call void @__vigil_{{read|write}}
; CHECK:      call i32 @__vigil_atomic32_fetch_add(ptr %p, i32 1, i32 5)
; CHECK-NOT:  call void @__vigil_{{read|write}}
; CHECK:      call void @__vigil_atomic_thread_fence(i32 3)
; CHECK-NOT:  call void @__vigil_{{read|write}}
; CHECK-NOT:  __vigil_memcpy
; CHECK:      call void @llvm.memcpy
; CHECK-NOT:  __vigil_func_exit
; CHECK:      ret i32
  call void @callee()
  %a = load i32, ptr %p, align 4
  %b = atomicrmw add ptr %p, i32 1 seq_cst
  store i32 %b, ptr %q, align 4
  fence release
  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %q, i64 16, i1 false)
  ret i32 %a
}

define i32 @ignorelisted(ptr %p) "vigil-skip"="ignorelist" {
; CHECK-LABEL: define i32 @ignorelisted(
; CHECK-NOT:  call void @__vigil_{{read|write|func}}
; CHECK:      call i32 @__vigil_atomic32_load(ptr %p, i32 2)
; CHECK-NOT:  call void @__vigil_{{read|write|func}}
; CHECK:      ret i32
  %a = load i32, ptr %p, align 4
  %b = load atomic i32, ptr %p acquire, align 4
  %c = add i32 %a, %b
  ret i32 %c
}

!0 = !{}
