; Accesses tagged as vtable-pointer accesses (TBAA "vtable pointer", as clang
; emits them when optimizing) are vptr reads and updates; reads of vtable
; slots through a loaded vptr are not checked (vtables are constant).
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZTV1A = external constant { [3 x ptr] }

define void @ctor(ptr %this) {
; CHECK-LABEL: define void @ctor(
; CHECK:      call void @__vigil_vptr_update(ptr %this, ptr getelementptr inbounds (i8, ptr @_ZTV1A, i64 16))
; CHECK-NEXT: store ptr getelementptr inbounds (i8, ptr @_ZTV1A, i64 16), ptr %this
; CHECK-NOT:  __vigil_write
; CHECK:      ret void
  store ptr getelementptr inbounds (i8, ptr @_ZTV1A, i64 16), ptr %this, align 8, !tbaa !0
  ret void
}

define i32 @call_virtual(ptr %obj) {
; CHECK-LABEL: define i32 @call_virtual(
; CHECK:      call void @__vigil_vptr_read(ptr %obj)
; CHECK-NEXT: [[VT:%.*]] = load ptr, ptr %obj
; CHECK-NOT:  __vigil_read
; CHECK:      %fn = load ptr, ptr %slot
; CHECK-NOT:  __vigil_read
; CHECK:      invoke i32 %fn(ptr %obj)
  %vtable = load ptr, ptr %obj, align 8, !tbaa !0
  %slot = getelementptr inbounds ptr, ptr %vtable, i64 1
  %fn = load ptr, ptr %slot, align 8
  %r = call i32 %fn(ptr %obj)
  ret i32 %r
}

; A vptr stored as an integer is passed as a pointer.
define void @int_vptr(ptr %this, i64 %v) {
; CHECK-LABEL: define void @int_vptr(
; CHECK:      [[P:%.*]] = inttoptr i64 %v to ptr
; CHECK-NEXT: call void @__vigil_vptr_update(ptr %this, ptr [[P]])
  store i64 %v, ptr %this, align 8, !tbaa !0
  ret void
}

; Without the vtable tag a pointer load is an ordinary read.
define ptr @plain_pointer(ptr %obj) {
; CHECK-LABEL: define ptr @plain_pointer(
; CHECK:      call void @__vigil_read8(ptr %obj)
; CHECK-NOT:  __vigil_vptr
; CHECK:      ret ptr
  %p = load ptr, ptr %obj, align 8
  ret ptr %p
}

!0 = !{!1, !1, i64 0}
!1 = !{!"vtable pointer", !2, i64 0}
!2 = !{!"Simple C++ TBAA"}
