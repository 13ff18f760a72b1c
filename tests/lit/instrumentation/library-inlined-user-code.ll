; A function of vigil's headers ("vigil-skip"="vigil-header", a task
; trampoline) into which the optimizer inlined code: whose code each access
; is comes from its inline chain, walked from the innermost location out past
; system headers (libstdc++, libc) to the first other file.
;  - its own accesses (!nosanitize from the mark pass): left alone;
;  - std::atomic's fetch_add inlined into vigil's own code: the library's;
;  - the task's body (app.cpp) inlined into it: checked, atomics included;
;  - std::vector code inlined into the task's body: the program's, checked;
;  - no shadow frame for the library's function.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @trampoline(ptr %lib, ptr %user, ptr %vec) "vigil-skip"="vigil-header" !dbg !10 {
; CHECK-LABEL: define void @trampoline(
; CHECK-NOT:  __vigil_func_entry
; CHECK:      load atomic i32, ptr %lib acquire
; CHECK-NOT:  __vigil
; CHECK:      atomicrmw add ptr %lib, i32 1 seq_cst
; CHECK-NEXT: call void @__vigil_write4(ptr %user)
; CHECK-NEXT: store i32 1, ptr %user
; CHECK-NEXT: call i32 @__vigil_atomic32_fetch_add(ptr %user, i32 1, i32 5)
; CHECK-NEXT: call void @__vigil_read8(ptr %vec)
; CHECK-NEXT: load i64, ptr %vec
; CHECK-NOT:  __vigil
; CHECK:      ret void
  %a = load atomic i32, ptr %lib acquire, align 4, !dbg !20, !nosanitize !2
  %b = atomicrmw add ptr %lib, i32 1 seq_cst, !dbg !22
  store i32 1, ptr %user, align 4, !dbg !24
  %c = atomicrmw add ptr %user, i32 1 seq_cst, !dbg !24
  %d = load i64, ptr %vec, align 8, !dbg !26
  ret void, !dbg !20
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "app.cpp", directory: "/src")
!2 = !{}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = !DIFile(filename: "vigil/task.h", directory: "/opt/vigil/include")
!6 = !DIFile(filename: "atomic_base.h", directory: "/usr/include/c++/12/bits")
!7 = !DIFile(filename: "stl_vector.h", directory: "/usr/include/c++/12/bits")
!8 = !DISubroutineType(types: !2)
!10 = distinct !DISubprogram(name: "run_closure", scope: !5, file: !5, line: 60, type: !8, spFlags: DISPFlagDefinition, unit: !0)
!11 = distinct !DISubprogram(name: "fetch_add", scope: !6, file: !6, line: 600, type: !8, spFlags: DISPFlagDefinition, unit: !0)
!12 = distinct !DISubprogram(name: "operator()", scope: !1, file: !1, line: 10, type: !8, spFlags: DISPFlagDefinition, unit: !0)
!13 = distinct !DISubprogram(name: "size", scope: !7, file: !7, line: 900, type: !8, spFlags: DISPFlagDefinition, unit: !0)
!20 = !DILocation(line: 61, column: 3, scope: !10)
!21 = !DILocation(line: 62, column: 3, scope: !10)
!22 = !DILocation(line: 601, column: 5, scope: !11, inlinedAt: !21)
!23 = !DILocation(line: 63, column: 3, scope: !10)
!24 = !DILocation(line: 11, column: 5, scope: !12, inlinedAt: !23)
!25 = !DILocation(line: 12, column: 5, scope: !12, inlinedAt: !23)
!26 = !DILocation(line: 901, column: 7, scope: !13, inlinedAt: !25)
