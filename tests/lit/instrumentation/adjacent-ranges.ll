; Neighbouring accesses of one base, one kind and one size (8 bytes or more)
; in one stretch without synchronization: one range check before the first
; of them (__vigil_loop_read/_write: begin, bytes, access size). What must
; keep its own check: accesses across a call, sub-word fields, gaps,
; offsets off the span's grid, mixed kinds.
; RUN: %opt_vigil -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<no-elim>' -S %s | FileCheck %s --check-prefix=NOELIM
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil<stats>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=STATS

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @sync() nounwind

; p->a = 1; p->b = 2; p->c = 3 (three i64 fields): one write of 24 bytes.
define void @three_fields(ptr %p) {
; CHECK-LABEL: define void @three_fields(
; CHECK:      call void @__vigil_loop_write(ptr %p, i64 24, i64 8)
; CHECK-NEXT: store i64 1, ptr %p
; CHECK-NOT:  call void @__vigil_
; CHECK:      ret void
; NOELIM-LABEL: define void @three_fields(
; NOELIM-NOT: __vigil_loop_write
; NOELIM:     call void @__vigil_write8(ptr %p)
; NOELIM:     call void @__vigil_write8
; NOELIM:     call void @__vigil_write8
  store i64 1, ptr %p, align 8
  %b = getelementptr inbounds i8, ptr %p, i64 8
  store i64 2, ptr %b, align 8
  %c = getelementptr inbounds i8, ptr %p, i64 16
  store i64 3, ptr %c, align 8
  ret void
}

; Out of order (b, then a): the range starts at the lowest field, and the
; check goes before the first access.
define void @out_of_order(ptr %p) {
; CHECK-LABEL: define void @out_of_order(
; CHECK:      %b = getelementptr inbounds i8, ptr %p, i64 8
; CHECK-NEXT: call void @__vigil_loop_write(ptr %p, i64 16, i64 8)
; CHECK-NEXT: store i64 2, ptr %b
; CHECK-NOT:  call void @__vigil_
; CHECK:      ret void
  %b = getelementptr inbounds i8, ptr %p, i64 8
  store i64 2, ptr %b, align 8
  store i64 1, ptr %p, align 8
  ret void
}

; Reads of two fields, then a write of both: the write range covers the
; reads, one check in all.
define void @swap_fields(ptr %p) {
; CHECK-LABEL: define void @swap_fields(
; CHECK:      call void @__vigil_loop_write(ptr %p, i64 16, i64 8)
; CHECK-NOT:  call void @__vigil_
; CHECK:      ret void
  %b = getelementptr inbounds i8, ptr %p, i64 8
  %x = load i64, ptr %p, align 8
  %y = load i64, ptr %b, align 8
  store i64 %y, ptr %p, align 8
  store i64 %x, ptr %b, align 8
  ret void
}

; Two reads of the fields of a pair: one read range.
define i64 @sum_pair(ptr %p) {
; CHECK-LABEL: define i64 @sum_pair(
; CHECK:      call void @__vigil_loop_read(ptr %p, i64 16, i64 8)
; CHECK-NOT:  call void @__vigil_
; CHECK:      ret i64
  %b = getelementptr inbounds i8, ptr %p, i64 8
  %x = load i64, ptr %p, align 8
  %y = load i64, ptr %b, align 8
  %s = add i64 %x, %y
  ret i64 %s
}

; A call between the fields: two stretches, two checks.
define void @call_between(ptr %p) {
; CHECK-LABEL: define void @call_between(
; CHECK-NOT:  __vigil_loop_write
; CHECK:      call void @__vigil_write8(ptr %p)
; CHECK:      call void @sync()
; CHECK:      call void @__vigil_write8(ptr %b)
  store i64 1, ptr %p, align 8
  call void @sync()
  %b = getelementptr inbounds i8, ptr %p, i64 8
  store i64 2, ptr %b, align 8
  ret void
}

; 4-byte fields keep their own checks (one shadow entry per word and epoch
; would report them as one 8-byte write).
define void @int_fields(ptr %p) {
; CHECK-LABEL: define void @int_fields(
; CHECK-NOT:  __vigil_loop_write
; CHECK:      call void @__vigil_write4(ptr %p)
; CHECK:      call void @__vigil_write4(ptr %b)
  store i32 1, ptr %p, align 8
  %b = getelementptr inbounds i8, ptr %p, i64 4
  store i32 2, ptr %b, align 4
  ret void
}

; A gap (fields at 0 and 16) and an offset off the grid (8 bytes at 20):
; separate checks.
define void @gap_and_grid(ptr %p) {
; CHECK-LABEL: define void @gap_and_grid(
; CHECK-NOT:  __vigil_loop_write
; CHECK:      call void @__vigil_write8(ptr %p)
; CHECK:      call void @__vigil_write8(ptr %c)
; CHECK:      call void @__vigil_unaligned_write8(ptr %d)
  store i64 1, ptr %p, align 8
  %c = getelementptr inbounds i8, ptr %p, i64 16
  store i64 3, ptr %c, align 8
  %d = getelementptr inbounds i8, ptr %p, i64 20
  store i64 4, ptr %d, align 4
  ret void
}

; A read of one field and a write of the other: different kinds, two checks.
define void @read_one_write_other(ptr %p) {
; CHECK-LABEL: define void @read_one_write_other(
; CHECK-NOT:  __vigil_loop_
; CHECK:      call void @__vigil_read8(ptr %p)
; CHECK:      call void @__vigil_write8(ptr %b)
  %x = load i64, ptr %p, align 8
  %b = getelementptr inbounds i8, ptr %p, i64 8
  store i64 %x, ptr %b, align 8
  ret void
}

; STATS-DAG: 9 vigil - MergedAdjacent
; STATS-DAG: 4 vigil - AdjacentRangeChecks
