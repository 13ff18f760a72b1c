; Accesses whose alignment is below their size use the unaligned entry points;
; a 1-byte access is always aligned.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @unaligned_reads(ptr %p) {
; CHECK-LABEL: define void @unaligned_reads(
; CHECK:      call void @__vigil_read1(ptr %p)
; CHECK:      call void @__vigil_unaligned_read2(ptr %p)
; CHECK:      call void @__vigil_unaligned_read4(ptr %p)
; CHECK:      call void @__vigil_unaligned_read8(ptr %p)
; CHECK:      call void @__vigil_unaligned_read16(ptr %p)
  %a = load i8, ptr %p, align 1
  %b = load i16, ptr %p, align 1
  %c = load i32, ptr %p, align 2
  %d = load i64, ptr %p, align 4
  %e = load i128, ptr %p, align 8
  ret void
}

define void @unaligned_writes(ptr %p) {
; CHECK-LABEL: define void @unaligned_writes(
; CHECK:      call void @__vigil_write1(ptr %p)
; CHECK:      call void @__vigil_unaligned_write2(ptr %p)
; CHECK:      call void @__vigil_unaligned_write4(ptr %p)
; CHECK:      call void @__vigil_unaligned_write8(ptr %p)
; CHECK:      call void @__vigil_unaligned_write16(ptr %p)
  store i8 0, ptr %p, align 1
  store i16 0, ptr %p, align 1
  store i32 0, ptr %p, align 1
  store i64 0, ptr %p, align 4
  store i128 0, ptr %p, align 8
  ret void
}

; Over-aligned is aligned.
define void @overaligned(ptr %p) {
; CHECK-LABEL: define void @overaligned(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK-NOT:  unaligned
; CHECK:      ret void
  %a = load i32, ptr %p, align 16
  ret void
}
