; Constant globals, llvm.* and profiling globals, and other address spaces are
; not checked; ordinary globals are.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@global = global i32 0
@const = constant [4 x i32] [i32 1, i32 2, i32 3, i32 4]
@__llvm_gcov_ctr = internal global [2 x i64] zeroinitializer
@__profc_f = private global [1 x i64] zeroinitializer, section "__llvm_prf_cnts"
@counter_in_prf_section = private global i64 0, section "__llvm_prf_cnts"

define i32 @globals(i64 %i) {
; CHECK-LABEL: define i32 @globals(
; CHECK:      call void @__vigil_read4(ptr @global)
; CHECK-NEXT: load i32, ptr @global
; CHECK-NOT:  call void @__vigil_read
; CHECK:      ret i32
  %a = load i32, ptr @global, align 4
  %p = getelementptr inbounds [4 x i32], ptr @const, i64 0, i64 %i
  %b = load i32, ptr %p, align 4
  %c = add i32 %a, %b
  ret i32 %c
}

define void @profiling() {
; CHECK-LABEL: define void @profiling(
; CHECK-NOT:  call void @__vigil_{{read|write}}
; CHECK:      ret void
  %a = load i64, ptr @__llvm_gcov_ctr, align 8
  %b = add i64 %a, 1
  store i64 %b, ptr @__llvm_gcov_ctr, align 8
  %c = load i64, ptr @__profc_f, align 8
  store i64 %c, ptr @__profc_f, align 8
  store i64 %c, ptr @counter_in_prf_section, align 8
  ret void
}

define void @addrspace(ptr addrspace(1) %p, ptr addrspace(256) %fs) {
; CHECK-LABEL: define void @addrspace(
; CHECK-NOT:  call void @__vigil_{{read|write}}
; CHECK:      ret void
  store i32 0, ptr addrspace(1) %p, align 4
  %v = load i64, ptr addrspace(256) %fs, align 8
  ret void
}
