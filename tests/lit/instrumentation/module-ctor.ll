; Every instrumented module gets a constructor calling __vigil_init_v1, so it
; references the runtime; running the pass twice instruments once.
; RUN: %opt_vigil -S %s | FileCheck %s
; RUN: %opt_vigil %s | %opt_vigil -S | FileCheck %s --check-prefix=TWICE

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 0, ptr @vigil.module_ctor, ptr null }]

define void @f(ptr %p) {
  store i32 0, ptr %p, align 4
  ret void
}

; CHECK-LABEL: define internal void @vigil.module_ctor()
; CHECK-NEXT:  call void @__vigil_init_v1()
; CHECK-NEXT:  ret void

; TWICE-LABEL: define void @f(
; TWICE:       call void @__vigil_func_entry(
; TWICE-NOT:   call void @__vigil_func_entry(
; TWICE:       call void @__vigil_write4(ptr %p)
; TWICE-NOT:   call void @__vigil_write4(ptr %p)
; TWICE:       ret void
; TWICE-LABEL: define internal void @vigil.module_ctor()
; TWICE-NOT:   __vigil_func_entry
