; The shadow call stack, inline (abi.def): at entry, frames[depth++] = return
; address through __vigil_tls_owner, with a call to func_entry when there is no
; owner yet or no room; on every exit (returns, resume, and calls that may
; unwind, given a cleanup pad) depth - 1. Functions without calls or
; instrumented accesses get neither.
; RUN: %opt_vigil -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @may_throw()
declare void @no_throw() nounwind
declare i32 @__gxx_personality_v0(...)
declare ptr @__cxa_begin_catch(ptr)
declare void @__cxa_end_catch()
declare i32 @callee(ptr)

define void @leaf() {
; CHECK-LABEL: define void @leaf(
; CHECK-NOT:  {{__vigil_func|__vigil_tls_owner}}
; CHECK:      ret void
  ret void
}

; Only non-escaping locals: no accesses to check, no calls, no entry/exit.
define i32 @local_only() {
; CHECK-LABEL: define i32 @local_only(
; CHECK-NOT:  __vigil
; CHECK:      ret i32
  %x = alloca i32
  store i32 1, ptr %x
  %v = load i32, ptr %x
  ret i32 %v
}

define void @two_returns(i1 %c) nounwind {
; CHECK-LABEL: define void @two_returns(
; CHECK:      vigil.entry:
; CHECK-NEXT: [[RA:%.*]] = call ptr @llvm.returnaddress(i32 0)
; CHECK-NEXT: [[O:%vigil.owner]] = load ptr, ptr @__vigil_tls_owner
; CHECK-NEXT: [[HAS:%.*]] = icmp ne ptr [[O]], null
; CHECK-NEXT: br i1 [[HAS]], label %vigil.entry.check, label %vigil.entry.slow
; CHECK:      vigil.entry.check:
; CHECK-NEXT: [[DP:%.*]] = getelementptr inbounds i8, ptr [[O]], i64 56
; CHECK-NEXT: [[D:%vigil.depth]] = load i32, ptr [[DP]]
; CHECK-NEXT: [[CP:%.*]] = getelementptr inbounds i8, ptr [[O]], i64 64
; CHECK-NEXT: [[CAP:%.*]] = load i32, ptr [[CP]]
; CHECK-NEXT: [[ROOM:%.*]] = icmp ult i32 [[D]], [[CAP]]
; CHECK-NEXT: br i1 [[ROOM]], label %vigil.entry.fast, label %vigil.entry.slow
; CHECK:      vigil.entry.fast:
; CHECK-NEXT: [[D1:%.*]] = add i32 [[D]], 1
; CHECK-NEXT: [[DP2:%.*]] = getelementptr inbounds i8, ptr [[O]], i64 56
; CHECK-NEXT: store i32 [[D1]], ptr [[DP2]]
; CHECK-NEXT: [[FP:%.*]] = getelementptr inbounds i8, ptr [[O]], i64 40
; CHECK-NEXT: [[F:%.*]] = load ptr, ptr [[FP]]
; CHECK-NEXT: [[DX:%.*]] = zext i32 [[D]] to i64
; CHECK-NEXT: [[SLOT:%.*]] = getelementptr inbounds ptr, ptr [[F]], i64 [[DX]]
; CHECK-NEXT: [[OLD:%.*]] = load ptr, ptr [[SLOT]]
; CHECK-NEXT: [[CH:%.*]] = icmp ne ptr [[OLD]], [[RA]]
; CHECK-NEXT: store ptr [[RA]], ptr [[SLOT]]
; CHECK-NEXT: [[VP:%.*]] = getelementptr inbounds i8, ptr [[O]], i64 60
; CHECK-NEXT: [[V:%.*]] = load i32, ptr [[VP]]
; CHECK-NEXT: [[GT:%.*]] = icmp ugt i32 [[V]], [[D]]
; CHECK-NEXT: [[LOW:%.*]] = and i1 [[CH]], [[GT]]
; CHECK-NEXT: [[NV:%.*]] = select i1 [[LOW]], i32 [[D]], i32 [[V]]
; CHECK-NEXT: store i32 [[NV]], ptr [[VP]]
; CHECK-NEXT: br label %[[BODY:.*]]
; CHECK:      vigil.entry.slow:
; CHECK-NEXT: call void @__vigil_func_entry(ptr [[RA]])
; CHECK-NEXT: br label %[[BODY]]
; CHECK:      [[BODY]]:
; CHECK-NEXT: br i1 %c, label %a, label %b
; CHECK:      a:
; CHECK-NEXT: call void @no_throw()
; CHECK-NEXT: [[O1:%vigil.owner.*]] = load ptr, ptr @__vigil_tls_owner
; CHECK-NEXT: [[HAS1:%.*]] = icmp ne ptr [[O1]], null
; CHECK-NEXT: br i1 [[HAS1]], label %[[EXIT:vigil.exit.*]], label %[[RET:.*]]
; CHECK:      [[EXIT]]:
; CHECK-NEXT: [[DP3:%.*]] = getelementptr inbounds i8, ptr [[O1]], i64 56
; CHECK-NEXT: [[D3:%.*]] = load i32, ptr [[DP3]]
; CHECK-NEXT: [[NZ:%.*]] = icmp ne i32 [[D3]], 0
; CHECK-NEXT: [[NZX:%.*]] = zext i1 [[NZ]] to i32
; CHECK-NEXT: [[D4:%.*]] = sub i32 [[D3]], [[NZX]]
; CHECK-NEXT: store i32 [[D4]], ptr [[DP3]]
; CHECK-NEXT: br label %[[RET]]
; CHECK:      [[RET]]:
; CHECK-NEXT: ret void
; CHECK:      b:
; CHECK-NEXT: load ptr, ptr @__vigil_tls_owner
; CHECK:      sub i32
; CHECK:      ret void
  br i1 %c, label %a, label %b
a:
  call void @no_throw()
  ret void
b:
  ret void
}

; A call that may throw, in a function that may unwind, becomes an invoke
; whose cleanup calls func_exit and resumes.
define void @unwinds() {
; CHECK-LABEL: define void @unwinds()
; CHECK-SAME: personality ptr @__gcc_personality_v0
; CHECK:      call void @__vigil_func_entry(
; CHECK:      invoke void @may_throw()
; CHECK-NEXT: to label %[[CONT:.*]] unwind label %[[CLEANUP:vigil_cleanup.*]]
; CHECK:      [[CONT]]:
; CHECK-NEXT: load ptr, ptr @__vigil_tls_owner
; CHECK:      sub i32
; CHECK:      ret void
; CHECK:      [[CLEANUP]]:
; CHECK-NEXT: [[LP:%.*]] = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: load ptr, ptr @__vigil_tls_owner
; CHECK:      sub i32
; CHECK:      resume { ptr, i32 } [[LP]]
  call void @may_throw()
  ret void
}

; Existing invoke/landingpad/resume: func_exit before the resume and on the
; normal path; the invoke's own unwind edge is not doubled.
define void @try_catch() personality ptr @__gxx_personality_v0 {
; CHECK-LABEL: define void @try_catch()
; CHECK-SAME: personality ptr @__gxx_personality_v0
; CHECK:      call void @__vigil_func_entry(
; CHECK:      invoke void @may_throw()
; CHECK-NEXT: to label %ok unwind label %lpad
; CHECK:      ok:
; CHECK-NEXT: load ptr, ptr @__vigil_tls_owner
; CHECK:      sub i32
; CHECK:      ret void
; CHECK:      lpad:
; CHECK-NEXT: %lp = landingpad
; CHECK:      catch:
; CHECK:      invoke void @__cxa_end_catch()
; CHECK:      load ptr, ptr @__vigil_tls_owner
; CHECK:      sub i32
; CHECK:      ret void
; CHECK:      rethrow:
; CHECK-NEXT: load ptr, ptr @__vigil_tls_owner
; CHECK:      sub i32
; CHECK:      resume { ptr, i32 } %lp
; CHECK:      vigil_cleanup
; CHECK:      load ptr, ptr @__vigil_tls_owner
; CHECK:      sub i32
; CHECK:      resume
entry:
  invoke void @may_throw() to label %ok unwind label %lpad
ok:
  ret void
lpad:
  %lp = landingpad { ptr, i32 } catch ptr null
  %sel = extractvalue { ptr, i32 } %lp, 1
  %is = icmp eq i32 %sel, 1
  br i1 %is, label %catch, label %rethrow
catch:
  %e = extractvalue { ptr, i32 } %lp, 0
  %x = call ptr @__cxa_begin_catch(ptr %e)
  call void @__cxa_end_catch()
  ret void
rethrow:
  resume { ptr, i32 } %lp
}

; musttail: the exit goes before the call, never between it and the ret.
define i32 @tail(ptr %p) {
; CHECK-LABEL: define i32 @tail(
; CHECK:      call void @__vigil_func_entry(
; CHECK:      load ptr, ptr @__vigil_tls_owner
; CHECK:      sub i32
; CHECK:      musttail call i32 @callee(ptr %p)
; CHECK-NEXT: ret i32
  %r = musttail call i32 @callee(ptr %p)
  ret i32 %r
}

; Intrinsics are not calls: a function that only uses llvm.* intrinsics and
; non-escaping locals needs no entry/exit.
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
define void @intrinsics_only() {
; CHECK-LABEL: define void @intrinsics_only(
; CHECK-NOT:  {{__vigil_func|__vigil_tls_owner}}
; CHECK:      ret void
  %x = alloca i32
  call void @llvm.lifetime.start.p0(i64 4, ptr %x)
  call void @llvm.lifetime.end.p0(i64 4, ptr %x)
  ret void
}
