; Re-checks of bytes an earlier check covered are removed when the earlier
; check dominates, covers the bytes with the same or a stronger kind (a write
; covers a read), and nothing on the way may synchronize (a call, an atomic,
; a fence). The first check always stays. With no-elim every access is checked.
; RUN: %opt_vigil -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<no-elim>' -S %s | FileCheck %s --check-prefix=NOELIM
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<stats>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=STATS

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @sync() nounwind

; A write covers a later read of the same bytes; a read covers a later read.
define i32 @write_then_reads(ptr %p) {
; CHECK-LABEL: define i32 @write_then_reads(
; CHECK:      call void @__vigil_write4(ptr %p)
; CHECK-NOT:  __vigil_read
; CHECK:      ret i32
; NOELIM-LABEL: define i32 @write_then_reads(
; NOELIM:     call void @__vigil_write4(ptr %p)
; NOELIM:     call void @__vigil_read4(ptr %p)
; NOELIM:     call void @__vigil_read4(ptr %p)
  store i32 0, ptr %p, align 4
  %a = load i32, ptr %p, align 4
  %b = load i32, ptr %p, align 4
  %s = add i32 %a, %b
  ret i32 %s
}

; A read does not cover a later write: the write is checked (and, by the
; block rule of read-before-write.ll, covers the read).
define void @read_then_write(ptr %p, ptr %q) {
; CHECK-LABEL: define void @read_then_write(
; CHECK-NOT:  call void @__vigil_read4(ptr %p)
; CHECK:      call void @__vigil_write4(ptr %q)
; CHECK:      call void @__vigil_write4(ptr %p)
  %a = load i32, ptr %p, align 4
  store i32 %a, ptr %q, align 4
  store i32 1, ptr %p, align 4
  ret void
}

; Bytes: a wide check covers a narrower access inside it (constant offsets
; from one base), not one that reaches beyond it.
define i32 @covering_bytes(ptr %p) {
; CHECK-LABEL: define i32 @covering_bytes(
; CHECK:      call void @__vigil_read8(ptr %p)
; CHECK-NOT:  call void @__vigil_read4(ptr %hi)
; CHECK:      call void @__vigil_read4(ptr %next)
; CHECK:      ret i32
  %w = load i64, ptr %p, align 8
  %hi = getelementptr inbounds i8, ptr %p, i64 4
  %b = load i32, ptr %hi, align 4
  %next = getelementptr inbounds i8, ptr %p, i64 8
  %c = load i32, ptr %next, align 4
  %t = trunc i64 %w to i32
  %s = add i32 %b, %c
  %r = add i32 %s, %t
  ret i32 %r
}

; A narrower earlier check does not cover a wider access.
define i64 @narrow_then_wide(ptr %p) {
; CHECK-LABEL: define i64 @narrow_then_wide(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      call void @__vigil_read8(ptr %p)
  %a = load i32, ptr %p, align 4
  %b = load i64, ptr %p, align 8
  %e = zext i32 %a to i64
  %s = add i64 %e, %b
  ret i64 %s
}

; A call or an atomic between the two may synchronize: both are checked.
define i32 @sync_between(ptr %p, ptr %flag) {
; CHECK-LABEL: define i32 @sync_between(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      call void @sync()
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      __vigil_atomic32_load
; CHECK:      call void @__vigil_read4(ptr %p)
  %a = load i32, ptr %p, align 4
  call void @sync()
  %b = load i32, ptr %p, align 4
  %f = load atomic i32, ptr %flag monotonic, align 4
  %c = load i32, ptr %p, align 4
  %s = add i32 %a, %b
  %t = add i32 %s, %c
  %u = add i32 %t, %f
  ret i32 %u
}

; Across blocks: the check in the entry block dominates the join; both arms
; are free of synchronization.
define i32 @diamond_clean(ptr %p, i1 %c) {
; CHECK-LABEL: define i32 @diamond_clean(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK-NOT:  call void @__vigil_read4(ptr %p)
; CHECK:      ret i32
entry:
  %a = load i32, ptr %p, align 4
  br i1 %c, label %then, label %join
then:
  %x = add i32 %a, 1
  br label %join
join:
  %y = phi i32 [ %a, %entry ], [ %x, %then ]
  %b = load i32, ptr %p, align 4
  %s = add i32 %y, %b
  ret i32 %s
}

; One arm calls: the path through it may synchronize, the join is checked.
define i32 @diamond_with_call(ptr %p, i1 %c) {
; CHECK-LABEL: define i32 @diamond_with_call(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      call void @sync()
; CHECK:      call void @__vigil_read4(ptr %p)
entry:
  %a = load i32, ptr %p, align 4
  br i1 %c, label %then, label %join
then:
  call void @sync()
  br label %join
join:
  %b = load i32, ptr %p, align 4
  %s = add i32 %a, %b
  ret i32 %s
}

; A sync point after the dominating check, in its own block: kept.
define i32 @sync_after_check_in_block(ptr %p, i1 %c) {
; CHECK-LABEL: define i32 @sync_after_check_in_block(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      call void @sync()
; CHECK:      call void @__vigil_read4(ptr %p)
entry:
  %a = load i32, ptr %p, align 4
  call void @sync()
  br label %next
next:
  %b = load i32, ptr %p, align 4
  %s = add i32 %a, %b
  ret i32 %s
}

; A loop whose body cannot synchronize: the read before the loop covers the
; reads of the same field in every iteration.
define i32 @loop_clean(ptr %p, i32 %n) {
; CHECK-LABEL: define i32 @loop_clean(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK-NOT:  call void @__vigil_read4(ptr %p)
; CHECK:      ret i32
entry:
  %first = load i32, ptr %p, align 4
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %acc = phi i32 [ %first, %entry ], [ %acc1, %loop ]
  %v = load i32, ptr %p, align 4
  %acc1 = add i32 %acc, %v
  %i1 = add i32 %i, 1
  %done = icmp eq i32 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %acc1
}

; The loop calls after the read: the next iteration's read follows the
; call, so it is checked every time.
define i32 @loop_with_call(ptr %p, i32 %n) {
; CHECK-LABEL: define i32 @loop_with_call(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      loop:
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      call void @sync()
entry:
  %first = load i32, ptr %p, align 4
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %acc = phi i32 [ %first, %entry ], [ %acc1, %loop ]
  %v = load i32, ptr %p, align 4
  call void @sync()
  %acc1 = add i32 %acc, %v
  %i1 = add i32 %i, 1
  %done = icmp eq i32 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %acc1
}

; The call sits in a later block of the loop: still on the way from the
; first iteration's read to the next one's.
define i32 @loop_call_in_latch(ptr %p, i32 %n) {
; CHECK-LABEL: define i32 @loop_call_in_latch(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      header:
; CHECK:      call void @__vigil_read4(ptr %p)
entry:
  %first = load i32, ptr %p, align 4
  br label %header
header:
  %i = phi i32 [ 0, %entry ], [ %i1, %latch ]
  %v = load i32, ptr %p, align 4
  br label %latch
latch:
  call void @sync()
  %i1 = add i32 %i, 1
  %done = icmp eq i32 %i1, %n
  br i1 %done, label %exit, label %header
exit:
  ret i32 %v
}

; Different base pointers are never assumed to be the same bytes.
define i32 @other_base(ptr %p, ptr %q) {
; CHECK-LABEL: define i32 @other_base(
; CHECK:      call void @__vigil_read4(ptr %p)
; CHECK:      call void @__vigil_read4(ptr %q)
  %a = load i32, ptr %p, align 4
  %b = load i32, ptr %q, align 4
  %s = add i32 %a, %b
  ret i32 %s
}

; STATS: PlainAccessesSeen:
; STATS: 1 vigil - SkipReadBeforeWrite:
; STATS: 5 vigil - SkipRedundant:
