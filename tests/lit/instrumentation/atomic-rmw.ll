; atomicrmw operations with an entry point in abi.def become one call each.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @ops32(ptr %p, i32 %v) {
; CHECK-LABEL: define void @ops32(
; CHECK:      call i32 @__vigil_atomic32_exchange(ptr %p, i32 %v, i32 0)
; CHECK:      call i32 @__vigil_atomic32_fetch_add(ptr %p, i32 %v, i32 2)
; CHECK:      call i32 @__vigil_atomic32_fetch_sub(ptr %p, i32 %v, i32 3)
; CHECK:      call i32 @__vigil_atomic32_fetch_and(ptr %p, i32 %v, i32 4)
; CHECK:      call i32 @__vigil_atomic32_fetch_or(ptr %p, i32 %v, i32 5)
; CHECK:      call i32 @__vigil_atomic32_fetch_xor(ptr %p, i32 %v, i32 0)
; CHECK:      call i32 @__vigil_atomic32_fetch_nand(ptr %p, i32 %v, i32 5)
; CHECK-NOT:  atomicrmw
; CHECK:      ret void
  %1 = atomicrmw xchg ptr %p, i32 %v monotonic
  %2 = atomicrmw add ptr %p, i32 %v acquire
  %3 = atomicrmw sub ptr %p, i32 %v release
  %4 = atomicrmw and ptr %p, i32 %v acq_rel
  %5 = atomicrmw or ptr %p, i32 %v seq_cst
  %6 = atomicrmw xor ptr %p, i32 %v monotonic
  %7 = atomicrmw nand ptr %p, i32 %v seq_cst
  ret void
}

define i8 @sizes(ptr %p) {
; CHECK-LABEL: define i8 @sizes(
; CHECK:      [[R:%.*]] = call i8 @__vigil_atomic8_fetch_add(ptr %p, i8 1, i32 5)
; CHECK:      call i16 @__vigil_atomic16_fetch_add(ptr %p, i16 1, i32 5)
; CHECK:      call i64 @__vigil_atomic64_fetch_add(ptr %p, i64 1, i32 5)
; CHECK:      call i128 @__vigil_atomic128_fetch_add(ptr %p, i128 1, i32 5)
; CHECK:      ret i8 [[R]]
  %a = atomicrmw add ptr %p, i8 1 seq_cst
  %b = atomicrmw add ptr %p, i16 1 seq_cst
  %c = atomicrmw add ptr %p, i64 1 seq_cst
  %d = atomicrmw add ptr %p, i128 1 seq_cst
  ret i8 %a
}

; xchg of pointers and floating point: through the integer of their size.
define ptr @xchg_ptr(ptr %p, ptr %v) {
; CHECK-LABEL: define ptr @xchg_ptr(
; CHECK:      [[I:%.*]] = ptrtoint ptr %v to i64
; CHECK-NEXT: [[R:%.*]] = call i64 @__vigil_atomic64_exchange(ptr %p, i64 [[I]], i32 4)
; CHECK-NEXT: [[P:%.*]] = inttoptr i64 [[R]] to ptr
; CHECK:      ret ptr [[P]]
  %r = atomicrmw xchg ptr %p, ptr %v acq_rel
  ret ptr %r
}

define float @xchg_float(ptr %p, float %v) {
; CHECK-LABEL: define float @xchg_float(
; CHECK:      [[I:%.*]] = bitcast float %v to i32
; CHECK-NEXT: [[R:%.*]] = call i32 @__vigil_atomic32_exchange(ptr %p, i32 [[I]], i32 5)
; CHECK-NEXT: [[F:%.*]] = bitcast i32 [[R]] to float
; CHECK:      ret float [[F]]
  %r = atomicrmw xchg ptr %p, float %v seq_cst
  ret float %r
}
