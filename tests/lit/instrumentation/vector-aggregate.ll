; Vectors and aggregates are checked by store size: 1/2/4/8/16 bytes use the
; sized entry points, any other size is a range.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%pair = type { i32, i32 }
%odd = type { i32, i16, i8 }

define void @vectors(ptr %p0, ptr %p1, ptr %p2, ptr %p3, ptr %p4) {
; CHECK-LABEL: define void @vectors(
; CHECK:      call void @__vigil_read16(ptr %p0)
; CHECK-NEXT: load <4 x i32>
; CHECK:      call void @__vigil_unaligned_read16(ptr %p1)
; CHECK-NEXT: load <4 x float>, ptr %p1, align 4
; CHECK:      call void @__vigil_write8(ptr %p2)
; CHECK-NEXT: store <2 x float>
; CHECK:      call void @__vigil_read_range(ptr %p3, i64 12)
; CHECK-NEXT: load <3 x float>
; CHECK:      call void @__vigil_write_range(ptr %p4, i64 32)
; CHECK-NEXT: store <8 x i32>
  %a = load <4 x i32>, ptr %p0, align 16
  %b = load <4 x float>, ptr %p1, align 4
  store <2 x float> zeroinitializer, ptr %p2, align 8
  %c = load <3 x float>, ptr %p3, align 16
  store <8 x i32> zeroinitializer, ptr %p4, align 32
  ret void
}

define void @aggregates(ptr %p0, ptr %p1, ptr %p2) {
; CHECK-LABEL: define void @aggregates(
; CHECK:      call void @__vigil_unaligned_read8(ptr %p0)
; CHECK-NEXT: load %pair
; CHECK:      call void @__vigil_write8(ptr %p1)
; CHECK-NEXT: store %odd
; CHECK:      call void @__vigil_read_range(ptr %p2, i64 12)
; CHECK-NEXT: load [3 x i32]
  %a = load %pair, ptr %p0, align 4
  store %odd zeroinitializer, ptr %p1, align 8
  %b = load [3 x i32], ptr %p2, align 4
  ret void
}

; Odd integer and x87 sizes are ranges of their store size.
define void @odd_sizes(ptr %p0, ptr %p1, ptr %p2) {
; CHECK-LABEL: define void @odd_sizes(
; CHECK:      call void @__vigil_read_range(ptr %p0, i64 3)
; CHECK-NEXT: load i24
; CHECK:      call void @__vigil_write_range(ptr %p1, i64 10)
; CHECK-NEXT: store x86_fp80
; CHECK:      call void @__vigil_read1(ptr %p2)
; CHECK-NEXT: load i1
  %a = load i24, ptr %p0, align 1
  store x86_fp80 0xK00000000000000000000, ptr %p1, align 16
  %b = load i1, ptr %p2, align 1
  ret void
}

; A scalable vector's size is only known at run time.
define void @scalable(ptr %p) {
; CHECK-LABEL: define void @scalable(
; CHECK:      [[VSCALE:%.*]] = call i64 @llvm.vscale.i64()
; CHECK-NEXT: [[SIZE:%.*]] = mul i64 [[VSCALE]], 16
; CHECK-NEXT: call void @__vigil_read_range(ptr %p, i64 [[SIZE]])
; CHECK-NEXT: load <vscale x 4 x i32>
  %a = load <vscale x 4 x i32>, ptr %p, align 16
  ret void
}
