; vigil<ignorelist=FILE>: fun: entries match the IR name, the demangled name
; and the qualified name without parameters; src: and mainfile: the module's
; source file. Matched functions keep only their atomics instrumented.
; RUN: printf 'fun:_Z7mangledv\nfun:ns::by_name\n[thread]\nfun:*demangled*\n' > %t.fun
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<ignorelist=%t.fun>' -S %s | FileCheck %s
; RUN: echo 'src:*ignorelist.ll' > %t.src
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<ignorelist=%t.src>' -S %s | FileCheck %s --check-prefix=SRC
; RUN: not opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<ignorelist=%t.missing>' -S %s 2>&1 | FileCheck %s --check-prefix=MISSING

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@g = global i32 0

define void @_Z7mangledv() {
; CHECK-LABEL: define void @_Z7mangledv(
; CHECK-NOT:  __vigil
; CHECK:      ret void
  store i32 1, ptr @g, align 4
  ret void
}

define void @_ZN2ns7by_nameEi(i32 %x) {
; CHECK-LABEL: define void @_ZN2ns7by_nameEi(
; CHECK-NOT:  call void @__vigil
; CHECK:      call void @__vigil_atomic32_store(ptr @g, i32 %x, i32 5)
; CHECK-NOT:  call void @__vigil
; CHECK:      ret void
  store i32 %x, ptr @g, align 4
  store atomic i32 %x, ptr @g seq_cst, align 4
  ret void
}

define void @_Z9demangledPi(ptr %p) {
; CHECK-LABEL: define void @_Z9demangledPi(
; CHECK-NOT:  __vigil
; CHECK:      ret void
  store i32 1, ptr %p, align 4
  ret void
}

define void @kept() {
; CHECK-LABEL: define void @kept(
; CHECK:      call void @__vigil_write4(ptr @g)
; SRC-LABEL:  define void @kept(
; SRC-NOT:    __vigil
; SRC:        ret void
  store i32 1, ptr @g, align 4
  ret void
}

; MISSING: vigil: cannot open ignorelist '{{.*}}.missing':
