; vigil-mark (pipeline start) turns exclusions into IR: the "vigil-skip"
; function attribute, noinline (so the exclusion cannot be lost by inlining,
; as with TSan) unless the function is always_inline or has neither accesses
; nor calls, and !nosanitize on the memory instructions for the copies that
; are inlined anyway; atomics are left unmarked unless the whole function is
; excluded (disable_sanitizer_instrumentation, vigil's headers).
; RUN: echo "fun:ignored" > %t.ignorelist
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil-mark<ignorelist=%t.ignorelist>' -S %s | FileCheck %s --check-prefix=MARK
; RUN: opt -load-pass-plugin=%vigil_lib/vigil-pass.so -passes='vigil-mark<ignorelist=%t.ignorelist>,always-inline,vigil' -S %s | FileCheck %s --check-prefix=INLINED

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @disabled(ptr %p) disable_sanitizer_instrumentation {
; MARK-LABEL: define i32 @disabled(
; MARK-SAME:  [[DIS:#[0-9]+]]
; MARK:      load i32, ptr %p, align 4, !nosanitize
; MARK-NEXT: atomicrmw add ptr %p, i32 1 seq_cst, align 4, !nosanitize
  %a = load i32, ptr %p, align 4
  %b = atomicrmw add ptr %p, i32 1 seq_cst
  ret i32 %a
}

define i32 @ignored(ptr %p) alwaysinline {
; MARK-LABEL: define i32 @ignored(
; MARK-SAME:  [[IGN:#[0-9]+]]
; MARK:      load i32, ptr %p, align 4, !nosanitize
; MARK-NEXT: atomicrmw add ptr %p, i32 1 seq_cst, align 4{{$}}
  %a = load i32, ptr %p, align 4
  %b = atomicrmw add ptr %p, i32 1 seq_cst
  ret i32 %a
}

define i32 @from_header(ptr %p) alwaysinline !dbg !5 {
; MARK-LABEL: define i32 @from_header(
; MARK-SAME:  [[HDR:#[0-9]+]]
; MARK:      load i32, ptr %p, align 4, !dbg {{.*}}, !nosanitize
; MARK-NEXT: atomicrmw add ptr %p, i32 1 seq_cst, align 4, !dbg {{.*}}, !nosanitize
  %a = load i32, ptr %p, align 4, !dbg !8
  %b = atomicrmw add ptr %p, i32 1 seq_cst, !dbg !8
  ret i32 %a, !dbg !8
}

define i32 @plain(ptr %p) {
; MARK-LABEL: define i32 @plain(
; MARK-NOT:  nosanitize
; MARK:      ret i32
  %a = load i32, ptr %p, align 4
  ret i32 %a
}

; Nothing to lose: no noinline.
define i32 @empty() "vigil-skip"="no_sanitize" {
; MARK-LABEL: define i32 @empty(
; MARK-SAME:  [[EMPTY:#[0-9]+]]
  ret i32 0
}

; The always_inline copies keep their marks: only the caller's own access
; and the ignorelisted function's atomic are instrumented; @disabled is called.
define i32 @caller(ptr %p, ptr %q) {
; INLINED-LABEL: define i32 @caller(
; INLINED:       call void @__vigil_func_entry(
; INLINED:       invoke i32 @disabled(ptr %p)
; INLINED-NOT:   call {{.*}}@__vigil_{{read|write|atomic}}
; INLINED:       call i32 @__vigil_atomic32_fetch_add(ptr %p, i32 1, i32 5)
; INLINED-NOT:   call {{.*}}@__vigil_{{read|write|atomic}}
; INLINED:       call void @__vigil_read4(ptr %q)
; INLINED-NOT:   call {{.*}}@__vigil_{{read|write|atomic}}
; INLINED:       ret i32
  %a = call i32 @disabled(ptr %p)
  %b = call i32 @ignored(ptr %p)
  %c = call i32 @from_header(ptr %p)
  %d = load i32, ptr %q, align 4
  %s1 = add i32 %a, %b
  %s2 = add i32 %c, %d
  %s = add i32 %s1, %s2
  ret i32 %s
}

; MARK-DAG: attributes [[DIS]] = { disable_sanitizer_instrumentation noinline }
; MARK-DAG: attributes [[IGN]] = { alwaysinline "vigil-skip"="ignorelist" }
; MARK-DAG: attributes [[HDR]] = { alwaysinline "vigil-skip"="vigil-header" }
; MARK-DAG: attributes [[EMPTY]] = { "vigil-skip"="no_sanitize" }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "app.cpp", directory: "/src")
!2 = !DIFile(filename: "vigil/chan.h", directory: "/opt/vigil/include")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "from_header", scope: !2, file: !2, line: 1, type: !6, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 2, column: 3, scope: !5)
