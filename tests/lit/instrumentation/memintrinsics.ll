; llvm.memcpy/memmove/memset, their .inline variants and 32-bit lengths become
; calls to the runtime, which checks the ranges and performs the operation.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memcpy.p0.p0.i32(ptr, ptr, i32, i1)
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.inline.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.inline.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p1.p0.i64(ptr addrspace(1), ptr, i64, i1)

define void @copy(ptr %d, ptr %s, i64 %n) {
; CHECK-LABEL: define void @copy(
; CHECK:      call ptr @__vigil_memcpy(ptr %d, ptr %s, i64 %n)
; CHECK-NOT:  @llvm.memcpy
; CHECK:      ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  ret void
}

define void @move(ptr %d, ptr %s) {
; CHECK-LABEL: define void @move(
; CHECK:      call ptr @__vigil_memmove(ptr %d, ptr %s, i64 16)
; CHECK-NOT:  @llvm.memmove
  call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 16, i1 false)
  ret void
}

define void @set(ptr %d, i8 %c, i64 %n) {
; CHECK-LABEL: define void @set(
; CHECK:      [[C:%.*]] = zext i8 %c to i32
; CHECK-NEXT: call ptr @__vigil_memset(ptr %d, i32 [[C]], i64 %n)
; CHECK-NOT:  @llvm.memset
  call void @llvm.memset.p0.i64(ptr %d, i8 %c, i64 %n, i1 false)
  ret void
}

define void @inline_variants(ptr %d, ptr %s) {
; CHECK-LABEL: define void @inline_variants(
; CHECK:      call ptr @__vigil_memcpy(ptr %d, ptr %s, i64 8)
; CHECK:      call ptr @__vigil_memset(ptr %d, i32 0, i64 8)
; CHECK-NOT:  @llvm.mem
; CHECK:      ret void
  call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 8, i1 false)
  call void @llvm.memset.inline.p0.i64(ptr %d, i8 0, i64 8, i1 false)
  ret void
}

; Volatile intrinsics are instrumented like the others; a 32-bit length is
; widened to size_t.
define void @volatile_i32(ptr %d, ptr %s, i32 %n) {
; CHECK-LABEL: define void @volatile_i32(
; CHECK:      [[N:%.*]] = zext i32 %n to i64
; CHECK-NEXT: call ptr @__vigil_memcpy(ptr %d, ptr %s, i64 [[N]])
  call void @llvm.memcpy.p0.p0.i32(ptr %d, ptr %s, i32 %n, i1 true)
  ret void
}

; Other address spaces are not described by the runtime's shadow.
define void @other_addrspace(ptr addrspace(1) %d, ptr %s) {
; CHECK-LABEL: define void @other_addrspace(
; CHECK-NOT:  @__vigil_memcpy
; CHECK:      call void @llvm.memcpy.p1.p0.i64(
  call void @llvm.memcpy.p1.p0.i64(ptr addrspace(1) %d, ptr %s, i64 8, i1 false)
  ret void
}
