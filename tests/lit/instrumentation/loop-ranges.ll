; Loops whose body cannot synchronize and whose trip count is known before
; them: the per-iteration checks of consecutive elements become one range
; check in the preheader (__vigil_loop_read/_write: begin, bytes, element
; size). Everything else keeps its per-iteration check.
; RUN: %opt_vigil -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<no-elim>' -S %s | FileCheck %s --check-prefix=NOELIM
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<stats>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=STATS

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @sync() nounwind

; sum += a[i] for i in [0, n): n * 4 bytes from a, elements of 4.
define i32 @sum(ptr %a, i64 %n) {
; CHECK-LABEL: define i32 @sum(
; CHECK:      preheader:
; CHECK:      [[BYTES:%.*]] = shl i64 %n, 2
; CHECK:      call void @__vigil_loop_read(ptr %a, i64 [[BYTES]], i64 4)
; CHECK-NEXT: br label %loop
; CHECK:      loop:
; CHECK-NOT:  call void @__vigil_read4
; CHECK:      ret i32
; NOELIM-LABEL: define i32 @sum(
; NOELIM-NOT: __vigil_loop_read
; NOELIM:     loop:
; NOELIM:     call void @__vigil_read4
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %loop ]
  %acc = phi i32 [ 0, %preheader ], [ %acc1, %loop ]
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  %v = load i32, ptr %p, align 4
  %acc1 = add i32 %acc, %v
  %i1 = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  %r = phi i32 [ 0, %entry ], [ %acc1, %loop ]
  ret i32 %r
}

; a[i] += 1: one write range covers the reads of the same bytes.
define void @increment_all(ptr %a, i64 %n) {
; CHECK-LABEL: define void @increment_all(
; CHECK:      preheader:
; CHECK-NOT:  __vigil_loop_read
; CHECK:      call void @__vigil_loop_write(ptr %a, i64 {{%.*}}, i64 4)
; CHECK:      loop:
; CHECK-NOT:  call void @__vigil_
; CHECK:      ret void
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %loop ]
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  %v = load i32, ptr %p, align 4
  %w = add i32 %v, 1
  store i32 %w, ptr %p, align 4
  %i1 = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; A loop going down: the range starts at the last iteration's element.
define void @clear_down(ptr %a, i64 %n) {
; CHECK-LABEL: define void @clear_down(
; CHECK:      preheader:
; CHECK:      call void @__vigil_loop_write(ptr {{%.*}}, i64 {{%.*}}, i64 8)
; CHECK:      loop:
; CHECK-NOT:  call void @__vigil_write8
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ %n, %preheader ], [ %i1, %loop ]
  %i1 = add nsw i64 %i, -1
  %p = getelementptr inbounds i64, ptr %a, i64 %i1
  store i64 0, ptr %p, align 8
  %done = icmp eq i64 %i1, 0
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; Two 4-byte accesses per iteration, a[2i] and a[2i+1], step 8: together
; they cover every byte, so one range (a vectorized loop's loads look so).
define void @pairs(ptr %a, i64 %n) {
; CHECK-LABEL: define void @pairs(
; CHECK:      preheader:
; CHECK:      call void @__vigil_loop_write(ptr %a, i64 {{%.*}}, i64 4)
; CHECK:      loop:
; CHECK-NOT:  call void @__vigil_write4
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %loop ]
  %j = shl i64 %i, 1
  %p = getelementptr inbounds i32, ptr %a, i64 %j
  store i32 1, ptr %p, align 4
  %q = getelementptr inbounds i32, ptr %p, i64 1
  store i32 2, ptr %q, align 4
  %i1 = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; One field of an array of structs (step 8, 4 bytes): the bytes in between
; are not accessed, so no range; each iteration is checked.
define void @strided_field(ptr %a, i64 %n) {
; CHECK-LABEL: define void @strided_field(
; CHECK-NOT:  __vigil_loop_write
; CHECK:      loop:
; CHECK:      call void @__vigil_write4
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %loop ]
  %p = getelementptr inbounds { i32, i32 }, ptr %a, i64 %i, i32 1
  store i32 0, ptr %p, align 4
  %i1 = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The same bytes every iteration (a counter the loop cannot keep in a
; register): one check of them before the loop.
define void @counter(ptr %c, ptr %a, i64 %n) {
; CHECK-LABEL: define void @counter(
; CHECK:      preheader:
; CHECK:      call void @__vigil_loop_write(ptr %c, i64 4, i64 4)
; CHECK:      loop:
; CHECK-NOT:  call void @__vigil_write4(ptr %c)
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %loop ]
  %t = trunc i64 %i to i32
  store volatile i32 %t, ptr %a, align 4
  store i32 %t, ptr %c, align 4
  %i1 = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; A call in the loop may synchronize: every iteration is checked.
define void @loop_with_call(ptr %a, i64 %n) {
; CHECK-LABEL: define void @loop_with_call(
; CHECK-NOT:  __vigil_loop_write
; CHECK:      loop:
; CHECK:      call void @__vigil_write4
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %loop ]
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  store i32 0, ptr %p, align 4
  call void @sync()
  %i1 = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; An exit in the middle (a search): the trip count is not known before the
; loop, nor are the elements it will reach.
define i64 @find(ptr %a, i64 %n, i32 %x) {
; CHECK-LABEL: define i64 @find(
; CHECK-NOT:  __vigil_loop_read
; CHECK:      loop:
; CHECK:      call void @__vigil_read4
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %notfound, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %next ]
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  %v = load i32, ptr %p, align 4
  %hit = icmp eq i32 %v, %x
  br i1 %hit, label %found, label %next
next:
  %i1 = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %notfound, label %loop
found:
  ret i64 %i
notfound:
  ret i64 -1
}

; A store on one path of the body runs in some iterations only.
define void @conditional_store(ptr %a, i64 %n) {
; CHECK-LABEL: define void @conditional_store(
; CHECK-NOT:  __vigil_loop_write
; CHECK:      then:
; CHECK:      call void @__vigil_write4
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %latch ]
  %odd = and i64 %i, 1
  %c = icmp eq i64 %odd, 1
  br i1 %c, label %then, label %latch
then:
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  store i32 0, ptr %p, align 4
  br label %latch
latch:
  %i1 = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; A range split between threads: [n*t/k, n*(t+1)/k). SCEVExpander will not
; expand a division by k (not known non-zero); the function divided by k
; before the loop on every path, so the range is expanded exactly there.
define void @partitioned(ptr %a, i64 %n, i64 %t, i64 %k) {
; CHECK-LABEL: define void @partitioned(
; CHECK:      preheader:
; CHECK:      udiv i64 {{.*}}, %k
; CHECK:      call void @__vigil_loop_write(ptr {{%.*}}, i64 {{%.*}}, i64 4)
; CHECK-NEXT: br label %loop
; CHECK:      loop:
; CHECK-NOT:  call void @__vigil_write4
; CHECK:      ret void
entry:
  %nt = mul i64 %n, %t
  %lo = udiv i64 %nt, %k
  %t1 = add i64 %t, 1
  %nt1 = mul i64 %n, %t1
  %hi = udiv i64 %nt1, %k
  %empty = icmp uge i64 %lo, %hi
  br i1 %empty, label %exit, label %preheader
preheader:
  br label %loop
loop:
  %i = phi i64 [ %lo, %preheader ], [ %i1, %loop ]
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  store i32 1, ptr %p, align 4
  %i1 = add nuw i64 %i, 1
  %done = icmp eq i64 %i1, %hi
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The bound is a division by %k the function makes only inside the loop: it
; cannot be computed before it (%k may be 0 when the loop does not run), so
; the iterations keep their checks.
define void @divided_inside(ptr %a, i64 %n, i64 %k, i1 %go) {
; CHECK-LABEL: define void @divided_inside(
; CHECK-NOT:  __vigil_loop_write
; CHECK:      loop:
; CHECK:      call void @__vigil_write4
entry:
  br i1 %go, label %preheader, label %exit
preheader:
  br label %loop
loop:
  %i = phi i64 [ 0, %preheader ], [ %i1, %loop ]
  %bound = udiv i64 %n, %k
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  store i32 1, ptr %p, align 4
  %i1 = add nuw i64 %i, 1
  %more = icmp ult i64 %i1, %bound
  br i1 %more, label %loop, label %exit
exit:
  ret void
}

; 6 ranges, and the 6 accesses checked every iteration (strided_field, the
; volatile store of counter, loop_with_call, find, conditional_store,
; divided_inside):
; STATS: 12 vigil - PlainChecksEmitted:
; Merged: sum 1, increment_all 1 (its read is left out by the block rule),
; clear_down 1, pairs 2, counter 1, partitioned 1:
; STATS: 7 vigil - MergedIntoLoopRange:
; STATS: 6 vigil - LoopRangeChecks:
