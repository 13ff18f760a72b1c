; vigil<stats> prints the pass's counters (elisions included) to stderr.
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<stats>' -disable-output %s 2>&1 | FileCheck %s
; RUN: not opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<bogus>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=BAD

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@c = constant i32 1

define i32 @f(ptr %p, ptr %q) {
  %x = alloca i32, align 4
  store i32 1, ptr %x, align 4
  %a = load i32, ptr %p, align 4
  %b = load i32, ptr @c, align 4
  store i32 %b, ptr %q, align 2
  %r = atomicrmw add ptr %p, i32 1 seq_cst
  ret i32 %a
}

; CHECK: ===-- vigil instrumentation statistics: {{.*}}stats.ll --===
; CHECK: 4 vigil - PlainAccessesSeen:
; CHECK: 2 vigil - PlainChecksEmitted:
; CHECK: 1 vigil - ReadsAligned:
; CHECK: 1 vigil - WritesUnaligned:
; CHECK: 1 vigil - AtomicRMWs:
; CHECK: 1 vigil - FuncsEntryExit:
; CHECK: 1 vigil - SkipNonEscapingAlloca:
; CHECK: 1 vigil - SkipConstantGlobal:
; CHECK: 0 vigil - SkipRedundant:

; BAD: vigil: unknown pass parameter 'bogus' (expected stats, no-elim or ignorelist=FILE)
