; cmpxchg calls compare_exchange_val with the success and failure orders and
; rebuilds the {value, success} pair by comparing the value read.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define { i32, i1 } @cas32(ptr %p, i32 %cmp, i32 %new) {
; CHECK-LABEL: define { i32, i1 } @cas32(
; CHECK:      [[PREV:%.*]] = call i32 @__vigil_atomic32_compare_exchange_val(ptr %p, i32 %cmp, i32 %new, i32 5, i32 2)
; CHECK-NEXT: [[OK:%.*]] = icmp eq i32 [[PREV]], %cmp
; CHECK-NEXT: [[A:%.*]] = insertvalue { i32, i1 } poison, i32 [[PREV]], 0
; CHECK-NEXT: [[B:%.*]] = insertvalue { i32, i1 } [[A]], i1 [[OK]], 1
; CHECK-NOT:  cmpxchg
; CHECK:      ret { i32, i1 } [[B]]
  %r = cmpxchg ptr %p, i32 %cmp, i32 %new seq_cst acquire
  ret { i32, i1 } %r
}

define void @orders_and_sizes(ptr %p) {
; CHECK-LABEL: define void @orders_and_sizes(
; CHECK:      call i8 @__vigil_atomic8_compare_exchange_val(ptr %p, i8 0, i8 1, i32 0, i32 0)
; CHECK:      call i16 @__vigil_atomic16_compare_exchange_val(ptr %p, i16 0, i16 1, i32 2, i32 2)
; CHECK:      call i32 @__vigil_atomic32_compare_exchange_val(ptr %p, i32 0, i32 1, i32 3, i32 0)
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(ptr %p, i64 0, i64 1, i32 4, i32 2)
; CHECK:      call i128 @__vigil_atomic128_compare_exchange_val(ptr %p, i128 0, i128 1, i32 5, i32 5)
; CHECK-NOT:  cmpxchg
; CHECK:      ret void
  %1 = cmpxchg ptr %p, i8 0, i8 1 monotonic monotonic
  %2 = cmpxchg ptr %p, i16 0, i16 1 acquire acquire
  %3 = cmpxchg ptr %p, i32 0, i32 1 release monotonic
  %4 = cmpxchg ptr %p, i64 0, i64 1 acq_rel acquire
  %5 = cmpxchg ptr %p, i128 0, i128 1 seq_cst seq_cst
  ret void
}

; A weak compare-exchange may fail spuriously; the runtime's never does.
define i1 @weak(ptr %p) {
; CHECK-LABEL: define i1 @weak(
; CHECK:      [[PREV:%.*]] = call i64 @__vigil_atomic64_compare_exchange_val(ptr %p, i64 1, i64 2, i32 5, i32 5)
; CHECK-NEXT: [[OK:%.*]] = icmp eq i64 [[PREV]], 1
; CHECK:      ret i1
  %r = cmpxchg weak ptr %p, i64 1, i64 2 seq_cst seq_cst
  %ok = extractvalue { i64, i1 } %r, 1
  ret i1 %ok
}

define ptr @cas_ptr(ptr %p, ptr %cmp, ptr %new) {
; CHECK-LABEL: define ptr @cas_ptr(
; CHECK:      [[C:%.*]] = ptrtoint ptr %cmp to i64
; CHECK-NEXT: [[N:%.*]] = ptrtoint ptr %new to i64
; CHECK-NEXT: [[PREV:%.*]] = call i64 @__vigil_atomic64_compare_exchange_val(ptr %p, i64 [[C]], i64 [[N]], i32 4, i32 2)
; CHECK-NEXT: icmp eq i64 [[PREV]], [[C]]
; CHECK-NEXT: [[PP:%.*]] = inttoptr i64 [[PREV]] to ptr
; CHECK-NEXT: insertvalue { ptr, i1 } poison, ptr [[PP]], 0
  %r = cmpxchg ptr %p, ptr %cmp, ptr %new acq_rel acquire
  %v = extractvalue { ptr, i1 } %r, 0
  ret ptr %v
}
