; Locals whose address never escapes cannot be reached by another thread and
; are not checked; once the address escapes (stored, passed to a call,
; returned), every access to the local is checked.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @escape(ptr) nounwind

define i32 @not_escaping(ptr %out) {
; CHECK-LABEL: define i32 @not_escaping(
; CHECK-NOT:  call void @__vigil_{{read|write}}{{.*}}%x
; CHECK-NOT:  call void @__vigil_{{read|write}}{{.*}}%f
; CHECK:      call void @__vigil_write4(ptr %out)
; CHECK:      ret i32
  %x = alloca i32, align 4
  %s = alloca { i32, i32 }, align 4
  store i32 1, ptr %x, align 4
  %f = getelementptr inbounds { i32, i32 }, ptr %s, i32 0, i32 1
  store i32 2, ptr %f, align 4
  %a = load i32, ptr %x, align 4
  %b = load i32, ptr %f, align 4
  %c = add i32 %a, %b
  store i32 %c, ptr %out, align 4
  ret i32 %c
}

define i32 @escaping_by_call() {
; CHECK-LABEL: define i32 @escaping_by_call(
; CHECK:      call void @__vigil_write4(ptr %x)
; CHECK:      call void @escape(ptr %x)
; CHECK:      call void @__vigil_read4(ptr %x)
  %x = alloca i32, align 4
  store i32 1, ptr %x, align 4
  call void @escape(ptr %x)
  %v = load i32, ptr %x, align 4
  ret i32 %v
}

; Escape through a field address counts as escape of the whole local.
define i32 @escaping_field(ptr %slot) {
; CHECK-LABEL: define i32 @escaping_field(
; CHECK:      call void @__vigil_write4(ptr %s)
; CHECK:      call void @__vigil_read4(ptr %s)
  %s = alloca { i32, i32 }, align 4
  %f = getelementptr inbounds { i32, i32 }, ptr %s, i32 0, i32 1
  store ptr %f, ptr %slot, align 8
  store i32 1, ptr %s, align 4
  call void @escape(ptr null) ; the read is checked again after a call
  %v = load i32, ptr %s, align 4
  ret i32 %v
}

define ptr @escaping_by_return() {
; CHECK-LABEL: define ptr @escaping_by_return(
; CHECK:      call void @__vigil_write8(ptr %x)
  %x = alloca i64, align 8
  store i64 0, ptr %x, align 8
  ret ptr %x
}
