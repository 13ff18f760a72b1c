; Atomic loads and stores of 1..16 bytes are replaced by runtime calls that
; perform them, with the std::memory_order value (0 relaxed, 2 acquire,
; 3 release, 5 seq_cst; unordered counts as relaxed).
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i8 @load8(ptr %p) {
; CHECK-LABEL: define i8 @load8(
; CHECK:      [[V:%.*]] = call i8 @__vigil_atomic8_load(ptr %p, i32 0)
; CHECK-NOT:  load atomic
; CHECK:      ret i8 [[V]]
  %v = load atomic i8, ptr %p monotonic, align 1
  ret i8 %v
}

define i16 @load16(ptr %p) {
; CHECK-LABEL: define i16 @load16(
; CHECK:      call i16 @__vigil_atomic16_load(ptr %p, i32 2)
  %v = load atomic i16, ptr %p acquire, align 2
  ret i16 %v
}

define i32 @load32(ptr %p) {
; CHECK-LABEL: define i32 @load32(
; CHECK:      call i32 @__vigil_atomic32_load(ptr %p, i32 5)
  %v = load atomic i32, ptr %p seq_cst, align 4
  ret i32 %v
}

define i64 @load64(ptr %p) {
; CHECK-LABEL: define i64 @load64(
; CHECK:      call i64 @__vigil_atomic64_load(ptr %p, i32 0)
  %v = load atomic i64, ptr %p unordered, align 8
  ret i64 %v
}

define i128 @load128(ptr %p) {
; CHECK-LABEL: define i128 @load128(
; CHECK:      call i128 @__vigil_atomic128_load(ptr %p, i32 2)
  %v = load atomic i128, ptr %p acquire, align 16
  ret i128 %v
}

define void @stores(ptr %p) {
; CHECK-LABEL: define void @stores(
; CHECK:      call void @__vigil_atomic8_store(ptr %p, i8 1, i32 0)
; CHECK:      call void @__vigil_atomic16_store(ptr %p, i16 2, i32 3)
; CHECK:      call void @__vigil_atomic32_store(ptr %p, i32 3, i32 5)
; CHECK:      call void @__vigil_atomic64_store(ptr %p, i64 4, i32 3)
; CHECK:      call void @__vigil_atomic128_store(ptr %p, i128 5, i32 5)
; CHECK-NOT:  store atomic
; CHECK:      ret void
  store atomic i8 1, ptr %p monotonic, align 1
  store atomic i16 2, ptr %p release, align 2
  store atomic i32 3, ptr %p seq_cst, align 4
  store atomic i64 4, ptr %p release, align 8
  store atomic i128 5, ptr %p seq_cst, align 16
  ret void
}

; Pointers and floating point go through the integer of their size.
define ptr @load_ptr(ptr %p) {
; CHECK-LABEL: define ptr @load_ptr(
; CHECK:      [[I:%.*]] = call i64 @__vigil_atomic64_load(ptr %p, i32 2)
; CHECK-NEXT: [[P:%.*]] = inttoptr i64 [[I]] to ptr
; CHECK:      ret ptr [[P]]
  %v = load atomic ptr, ptr %p acquire, align 8
  ret ptr %v
}

define float @load_float(ptr %p) {
; CHECK-LABEL: define float @load_float(
; CHECK:      [[I:%.*]] = call i32 @__vigil_atomic32_load(ptr %p, i32 5)
; CHECK-NEXT: [[F:%.*]] = bitcast i32 [[I]] to float
; CHECK:      ret float [[F]]
  %v = load atomic float, ptr %p seq_cst, align 4
  ret float %v
}

define void @store_ptr_double(ptr %p, ptr %v, double %d) {
; CHECK-LABEL: define void @store_ptr_double(
; CHECK:      [[I:%.*]] = ptrtoint ptr %v to i64
; CHECK-NEXT: call void @__vigil_atomic64_store(ptr %p, i64 [[I]], i32 3)
; CHECK:      [[D:%.*]] = bitcast double %d to i64
; CHECK-NEXT: call void @__vigil_atomic64_store(ptr %p, i64 [[D]], i32 0)
  store atomic ptr %v, ptr %p release, align 8
  store atomic double %d, ptr %p monotonic, align 8
  ret void
}

; Volatile atomics are atomics.
define i32 @volatile_atomic(ptr %p) {
; CHECK-LABEL: define i32 @volatile_atomic(
; CHECK:      call i32 @__vigil_atomic32_load(ptr %p, i32 2)
  %v = load atomic volatile i32, ptr %p acquire, align 4
  ret i32 %v
}

; Wider than 16 bytes: no entry point, the access stays native.
define void @too_wide(ptr %p) {
; CHECK-LABEL: define void @too_wide(
; CHECK:      store atomic i256 0, ptr %p seq_cst, align 32
  store atomic i256 0, ptr %p seq_cst, align 32
  ret void
}

