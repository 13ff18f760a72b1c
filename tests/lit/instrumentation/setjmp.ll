; A function that calls a returns_twice function (setjmp, sigsetjmp, ...)
; reads its frame's shadow-stack depth after its entry and restores it after
; every such call: when the call returns a second time (a longjmp), the
; frames the jump skipped leave the shadow stack. Other functions get neither.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare i32 @_setjmp(ptr) returns_twice nounwind
declare i32 @__sigsetjmp(ptr, i32) returns_twice nounwind
declare void @work() nounwind

define i32 @two_setjmps(ptr %env, ptr %sigenv) {
; CHECK-LABEL: define i32 @two_setjmps(
; CHECK:      vigil.entry.slow:
; CHECK:      call void @__vigil_func_entry(
; CHECK:      [[DEPTH:%.*]] = call i32 @__vigil_func_depth()
; CHECK:      call i32 @_setjmp(ptr %env)
; CHECK-NEXT: call void @__vigil_func_restore_depth(i32 [[DEPTH]])
; CHECK:      call i32 @__sigsetjmp(ptr %sigenv, i32 1)
; CHECK-NEXT: call void @__vigil_func_restore_depth(i32 [[DEPTH]])
; CHECK:      ret i32
  %a = call i32 @_setjmp(ptr %env)
  call void @work()
  %b = call i32 @__sigsetjmp(ptr %sigenv, i32 1)
  %c = add i32 %a, %b
  ret i32 %c
}

define void @no_setjmp() {
; CHECK-LABEL: define void @no_setjmp(
; CHECK-NOT:  __vigil_func_depth
; CHECK-NOT:  __vigil_func_restore_depth
; CHECK:      ret void
  call void @work()
  ret void
}
