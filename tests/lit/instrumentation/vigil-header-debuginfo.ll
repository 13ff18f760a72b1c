; Without the frontend (-fpass-plugin, opt), code from vigil's headers is
; recognised by its debug location: functions whose subprogram lives under
; .../include/vigil/ and instructions inlined from such functions are left
; alone, atomics included.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @header_fn(ptr %p) !dbg !5 {
; CHECK-LABEL: define i32 @header_fn(
; CHECK-NOT:  __vigil
; CHECK:      ret i32
  %a = load atomic i32, ptr %p acquire, align 4, !dbg !8
  store i32 %a, ptr %p, align 4, !dbg !8
  ret i32 %a, !dbg !8
}

define i32 @user_fn(ptr %p, ptr %q) !dbg !9 {
; CHECK-LABEL: define i32 @user_fn(
; CHECK:      call void @__vigil_func_entry(
; CHECK-NOT:  call {{.*}}@__vigil_{{read|write|atomic}}
; CHECK:      call void @__vigil_write4(ptr %q)
; CHECK-NEXT: store i32 %a, ptr %q
; CHECK:      ret i32
  %a = load atomic i32, ptr %p acquire, align 4, !dbg !10
  store i32 %a, ptr %p, align 4, !dbg !10
  store i32 %a, ptr %q, align 4, !dbg !11
  ret i32 %a, !dbg !11
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "app.cpp", directory: "/src")
!2 = !DIFile(filename: "/usr/local/include/vigil/sync.h", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "header_fn", scope: !2, file: !2, line: 1, type: !6, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 2, column: 3, scope: !5)
!9 = distinct !DISubprogram(name: "user_fn", scope: !1, file: !1, line: 10, type: !6, spFlags: DISPFlagDefinition, unit: !0)
; Inlined from header_fn into user_fn.
!10 = !DILocation(line: 2, column: 3, scope: !5, inlinedAt: !11)
!11 = !DILocation(line: 11, column: 5, scope: !9)
