; Within a block, a read followed by a write of at least as many bytes at the
; same address, with no call or atomic in between, is covered by the write's
; check. A call or an atomic may synchronize and ends the stretch.
; RUN: %opt_vigil -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<no-elim>' -S %s | FileCheck %s --check-prefix=NOELIM

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @sync() nounwind

define void @increment(ptr %p) {
; CHECK-LABEL: define void @increment(
; CHECK-NOT:  __vigil_read4
; CHECK:      call void @__vigil_write4(ptr %p)
; CHECK-NEXT: store i32
; CHECK-NOT:  __vigil_read4
; CHECK:      ret void
  %v = load i32, ptr %p, align 4
  %w = add i32 %v, 1
  store i32 %w, ptr %p, align 4
  ret void
}

define void @call_between(ptr %p) {
; CHECK-LABEL: define void @call_between(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      call void @sync()
; CHECK:      call void @__vigil_write4(ptr %p)
  %v = load i32, ptr %p, align 4
  call void @sync()
  store i32 %v, ptr %p, align 4
  ret void
}

define void @atomic_between(ptr %p, ptr %flag) {
; CHECK-LABEL: define void @atomic_between(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      call i32 @__vigil_atomic32_load(ptr %flag, i32 2)
; CHECK:      call void @__vigil_write4(ptr %p)
  %v = load i32, ptr %p, align 4
  %f = load atomic i32, ptr %flag acquire, align 4
  store i32 %v, ptr %p, align 4
  ret void
}

; A narrower write does not cover a wider read.
define void @narrower_write(ptr %p) {
; CHECK-LABEL: define void @narrower_write(
; CHECK:      call void @__vigil_read8(ptr %p)
; CHECK:      call void @__vigil_write4(ptr %p)
  %v = load i64, ptr %p, align 8
  store i32 0, ptr %p, align 4
  ret void
}

; Without elimination (no-elim), every access is checked.
define void @increment_all_checked(ptr %p) {
; NOELIM-LABEL: define void @increment_all_checked(
; NOELIM:      call void @__vigil_read4(ptr %p)
; NOELIM:      call void @__vigil_write4(ptr %p)
  %v = load i32, ptr %p, align 4
  %w = add i32 %v, 1
  store i32 %w, ptr %p, align 4
  ret void
}
