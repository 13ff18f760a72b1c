; atomicrmw operations without an entry point (min, max, umin, umax, fadd,
; fsub, fmin, fmax, uinc_wrap, udec_wrap) become a compare-exchange loop over
; the runtime, starting from a relaxed atomic load.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @max(ptr %p, i32 %v) {
; CHECK-LABEL: define i32 @max(
; CHECK:      [[INIT:%.*]] = call i32 @__vigil_atomic32_load(ptr %p, i32 0)
; CHECK-NEXT: br label %[[LOOP:vigil.rmw.loop.*]]
; CHECK:      [[LOOP]]:
; CHECK-NEXT: [[OLD:%.*]] = phi i32 [ [[INIT]], %{{.*}} ], [ [[PREV:%.*]], %[[LOOP]] ]
; CHECK-NEXT: [[CMP:%.*]] = icmp sgt i32 [[OLD]], %v
; CHECK-NEXT: [[NEW:%.*]] = select i1 [[CMP]], i32 [[OLD]], i32 %v
; CHECK-NEXT: [[PREV]] = call i32 @__vigil_atomic32_compare_exchange_val(ptr %p, i32 [[OLD]], i32 [[NEW]], i32 5, i32 5)
; CHECK-NEXT: [[DONE:%.*]] = icmp eq i32 [[PREV]], [[OLD]]
; CHECK-NEXT: br i1 [[DONE]], label %[[EXIT:vigil.rmw.exit.*]], label %[[LOOP]]
; CHECK:      [[EXIT]]:
; CHECK-NOT:  atomicrmw
; CHECK:      ret i32 [[OLD]]
  %r = atomicrmw max ptr %p, i32 %v seq_cst
  ret i32 %r
}

; The failure order is the strongest one allowed for the success order.
define void @int_ops(ptr %p, i64 %v) {
; CHECK-LABEL: define void @int_ops(
; CHECK:      icmp sle i64
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(ptr %p, i64 {{%.*}}, i64 {{%.*}}, i32 0, i32 0)
; CHECK:      icmp ugt i64
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(ptr %p, i64 {{%.*}}, i64 {{%.*}}, i32 2, i32 2)
; CHECK:      icmp ule i64
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(ptr %p, i64 {{%.*}}, i64 {{%.*}}, i32 3, i32 0)
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(ptr %p, i64 {{%.*}}, i64 {{%.*}}, i32 4, i32 2)
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(ptr %p, i64 {{%.*}}, i64 {{%.*}}, i32 5, i32 5)
; CHECK-NOT:  atomicrmw
; CHECK:      ret void
  %1 = atomicrmw min ptr %p, i64 %v monotonic
  %2 = atomicrmw umax ptr %p, i64 %v acquire
  %3 = atomicrmw umin ptr %p, i64 %v release
  %4 = atomicrmw uinc_wrap ptr %p, i64 %v acq_rel
  %5 = atomicrmw udec_wrap ptr %p, i64 %v seq_cst
  ret void
}

; Floating point: the loop runs on the integer, the operation on the float.
define float @fadd(ptr %p, float %v) {
; CHECK-LABEL: define float @fadd(
; CHECK:      call i32 @__vigil_atomic32_load(ptr %p, i32 0)
; CHECK:      [[OLD:%.*]] = phi i32
; CHECK-NEXT: [[OLDF:%.*]] = bitcast i32 [[OLD]] to float
; CHECK-NEXT: [[NEWF:%.*]] = fadd float [[OLDF]], %v
; CHECK-NEXT: [[NEW:%.*]] = bitcast float [[NEWF]] to i32
; CHECK-NEXT: call i32 @__vigil_atomic32_compare_exchange_val(ptr %p, i32 [[OLD]], i32 [[NEW]], i32 5, i32 5)
; CHECK:      [[RES:%.*]] = bitcast i32 [[OLD]] to float
; CHECK:      ret float [[RES]]
  %r = atomicrmw fadd ptr %p, float %v seq_cst
  ret float %r
}

define void @fp_ops(ptr %p, double %v, ptr %h, half %hv) {
; CHECK-LABEL: define void @fp_ops(
; CHECK:      fsub double
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(
; CHECK:      call double @llvm.maxnum.f64(
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(
; CHECK:      call double @llvm.minnum.f64(
; CHECK:      call i64 @__vigil_atomic64_compare_exchange_val(
; CHECK:      call i16 @__vigil_atomic16_load(ptr %h, i32 0)
; CHECK:      fadd half
; CHECK:      call i16 @__vigil_atomic16_compare_exchange_val(ptr %h,
; CHECK-NOT:  atomicrmw
; CHECK:      ret void
  %1 = atomicrmw fsub ptr %p, double %v seq_cst
  %2 = atomicrmw fmax ptr %p, double %v seq_cst
  %3 = atomicrmw fmin ptr %p, double %v seq_cst
  %4 = atomicrmw fadd ptr %h, half %hv monotonic
  ret void
}

; Phis in the successor still see the right predecessor after the split.
define i8 @in_branch(ptr %p, i1 %c) {
; CHECK-LABEL: define i8 @in_branch(
; CHECK:      [[OLD:%.*]] = phi i8
; CHECK:      call i8 @__vigil_atomic8_compare_exchange_val(
; CHECK:      vigil.rmw.exit:
; CHECK-NEXT: br label %join
; CHECK:      join:
; CHECK-NEXT: phi i8 [ [[OLD]], %vigil.rmw.exit ], [ 0, %entry ]
entry:
  br i1 %c, label %then, label %join
then:
  %r = atomicrmw umax ptr %p, i8 7 seq_cst
  br label %join
join:
  %x = phi i8 [ %r, %then ], [ 0, %entry ]
  ret i8 %x
}
