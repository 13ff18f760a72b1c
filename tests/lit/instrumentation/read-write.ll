; Plain loads and stores of 1, 2, 4, 8 and 16 bytes get a check call in front
; of them; the access itself stays. Volatile accesses are checked like others.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @reads(ptr %p1, ptr %p2, ptr %p4, ptr %p8, ptr %p16) {
; CHECK-LABEL: define void @reads(
; CHECK:      call void @__vigil_func_entry(ptr
; CHECK:      call void @__vigil_read1(ptr %p1)
; CHECK-NEXT: load i8, ptr %p1
; CHECK:      call void @__vigil_read2(ptr %p2)
; CHECK-NEXT: load i16, ptr %p2
; CHECK:      call void @__vigil_read4(ptr %p4)
; CHECK-NEXT: load i32, ptr %p4
; CHECK:      call void @__vigil_read8(ptr %p8)
; CHECK-NEXT: load i64, ptr %p8
; CHECK:      call void @__vigil_read16(ptr %p16)
; CHECK-NEXT: load i128, ptr %p16
; CHECK:      load ptr, ptr @__vigil_tls_owner
; CHECK:      ret void
  %a = load i8, ptr %p1, align 1
  %b = load i16, ptr %p2, align 2
  %c = load i32, ptr %p4, align 4
  %d = load i64, ptr %p8, align 8
  %e = load i128, ptr %p16, align 16
  ret void
}

define void @writes(ptr %p1, ptr %p2, ptr %p4, ptr %p8, ptr %p16) {
; CHECK-LABEL: define void @writes(
; CHECK:      call void @__vigil_write1(ptr %p1)
; CHECK-NEXT: store i8 1, ptr %p1
; CHECK:      call void @__vigil_write2(ptr %p2)
; CHECK-NEXT: store i16 2, ptr %p2
; CHECK:      call void @__vigil_write4(ptr %p4)
; CHECK-NEXT: store i32 4, ptr %p4
; CHECK:      call void @__vigil_write8(ptr %p8)
; CHECK-NEXT: store i64 8, ptr %p8
; CHECK:      call void @__vigil_write16(ptr %p16)
; CHECK-NEXT: store i128 16, ptr %p16
  store i8 1, ptr %p1, align 1
  store i16 2, ptr %p2, align 2
  store i32 4, ptr %p4, align 4
  store i64 8, ptr %p8, align 8
  store i128 16, ptr %p16, align 16
  ret void
}

; Pointers and floating point are checked by their store size.
define void @typed(ptr %pp, ptr %pf, ptr %pd, ptr %ph) {
; CHECK-LABEL: define void @typed(
; CHECK:      call void @__vigil_read8(ptr %pp)
; CHECK-NEXT: load ptr, ptr %pp
; CHECK:      call void @__vigil_read4(ptr %pf)
; CHECK-NEXT: load float, ptr %pf
; CHECK:      call void @__vigil_write8(ptr %pd)
; CHECK-NEXT: store double
; CHECK:      call void @__vigil_write2(ptr %ph)
; CHECK-NEXT: store half
  %a = load ptr, ptr %pp, align 8
  %b = load float, ptr %pf, align 4
  store double 1.0, ptr %pd, align 8
  store half 1.0, ptr %ph, align 2
  ret void
}

define void @volatiles(ptr %p, ptr %q) {
; CHECK-LABEL: define void @volatiles(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK-NEXT: load volatile i32, ptr %p
; CHECK:      call void @__vigil_write8(ptr %q)
; CHECK-NEXT: store volatile i64 0, ptr %q
  %a = load volatile i32, ptr %p, align 4
  store volatile i64 0, ptr %q, align 8
  ret void
}

; Every callee comes from abi.def and is declared nounwind and nonlazybind (called through the GOT).
; CHECK: declare void @__vigil_read1(ptr) [[ATTR:#[0-9]+]]
; CHECK: declare void @__vigil_func_entry(ptr) [[ATTR]]
; CHECK: attributes [[ATTR]] = { nounwind nonlazybind }
