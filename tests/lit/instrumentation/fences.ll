; Fences become atomic_thread_fence(order); single-thread fences
; (atomic_signal_fence) become atomic_signal_fence(order).
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @thread_fences() {
; CHECK-LABEL: define void @thread_fences(
; CHECK:      call void @__vigil_atomic_thread_fence(i32 2)
; CHECK-NEXT: call void @__vigil_atomic_thread_fence(i32 3)
; CHECK-NEXT: call void @__vigil_atomic_thread_fence(i32 4)
; CHECK-NEXT: call void @__vigil_atomic_thread_fence(i32 5)
; CHECK-NOT:  fence
; CHECK:      ret void
  fence acquire
  fence release
  fence acq_rel
  fence seq_cst
  ret void
}

define void @signal_fences() {
; CHECK-LABEL: define void @signal_fences(
; CHECK:      call void @__vigil_atomic_signal_fence(i32 2)
; CHECK-NEXT: call void @__vigil_atomic_signal_fence(i32 5)
; CHECK-NOT:  fence
; CHECK:      ret void
  fence syncscope("singlethread") acquire
  fence syncscope("singlethread") seq_cst
  ret void
}

; A relaxed load, then an acquire fence: both reach the runtime, in order.
define i32 @load_then_fence(ptr %p) {
; CHECK-LABEL: define i32 @load_then_fence(
; CHECK:      call i32 @__vigil_atomic32_load(ptr %p, i32 0)
; CHECK-NEXT: call void @__vigil_atomic_thread_fence(i32 2)
  %v = load atomic i32, ptr %p monotonic, align 4
  fence acquire
  ret i32 %v
}
