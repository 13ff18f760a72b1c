// signals.cpp — user signal handlers run outside the detector.
//
// A signal can interrupt the runtime in the middle of a slow path, holding a
// cell or sync lock; a handler that then entered the runtime could deadlock on
// that lock. So every handler installed through signal()/sigaction() is
// wrapped: while it runs, its thread is "in the runtime" (interceptors and
// atomics pass straight through, accesses are not checked). Races involving
// signal handlers are therefore not reported (a documented limitation).
#include <dlfcn.h>
#include <signal.h>
#include <string.h>

#include "runtime.h"

namespace vigil::detect {
namespace {

constexpr int kSignals = 65;
// User handlers by signal number; written by sigaction (rare), read by the
// trampolines. A handler is stored before the trampoline is installed.
void *g_handlers[kSignals];
int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);

void handler_enter(owner *o, uintptr_t sp) {
  if (o->handlers < owner::kHandlerFrames) o->handler_sp[o->handlers] = sp;
  o->handlers++;
  o->in_runtime++, o->ignore_reads++, o->ignore_writes++;
}

void handler_exit(owner *o) {
  o->handlers--;
  o->in_runtime--, o->ignore_reads--, o->ignore_writes--;
}

void trampoline_siginfo(int sig, siginfo_t *info, void *uctx) {
  owner *o = t_owner;
  auto h = reinterpret_cast<void (*)(int, siginfo_t *, void *)>(
      __atomic_load_n(&g_handlers[sig], __ATOMIC_ACQUIRE));
  if (o) handler_enter(o, reinterpret_cast<uintptr_t>(__builtin_frame_address(0)));
  h(sig, info, uctx);
  if (o) handler_exit(o);
}

void trampoline_plain(int sig) {
  owner *o = t_owner;
  auto h = reinterpret_cast<void (*)(int)>(__atomic_load_n(&g_handlers[sig], __ATOMIC_ACQUIRE));
  if (o) handler_enter(o, reinterpret_cast<uintptr_t>(__builtin_frame_address(0)));
  h(sig);
  if (o) handler_exit(o);
}

bool is_function(void *h) {
  return h != reinterpret_cast<void *>(SIG_DFL) && h != reinterpret_cast<void *>(SIG_IGN) &&
         h != reinterpret_cast<void *>(SIG_ERR);
}

}  // namespace

void owner_leave_frames_below(owner *o, uintptr_t sp) {
  while (o->handlers > 0 && o->handlers <= owner::kHandlerFrames && o->handler_sp[o->handlers - 1] < sp)
    handler_exit(o);
}

}  // namespace vigil::detect

using namespace vigil::detect;

extern "C" __attribute__((visibility("default"))) int sigaction(int sig, const struct sigaction *act,
                                                                struct sigaction *old) {
  if (!__atomic_load_n(&real_sigaction, __ATOMIC_RELAXED))
    __atomic_store_n(&real_sigaction, reinterpret_cast<decltype(real_sigaction)>(resolve_real("sigaction", nullptr)),
                     __ATOMIC_RELAXED);
  if (sig <= 0 || sig >= kSignals) return real_sigaction(sig, act, old);
  void *previous = __atomic_load_n(&g_handlers[sig], __ATOMIC_ACQUIRE);
  int rc;
  if (act) {
    struct sigaction copy = *act;
    bool info = act->sa_flags & SA_SIGINFO;
    void *h = info ? reinterpret_cast<void *>(act->sa_sigaction) : reinterpret_cast<void *>(act->sa_handler);
    if (is_function(h)) {
      __atomic_store_n(&g_handlers[sig], h, __ATOMIC_RELEASE);
      if (info) copy.sa_sigaction = trampoline_siginfo;
      else copy.sa_handler = trampoline_plain;
    }
    rc = real_sigaction(sig, &copy, old);
  } else {
    rc = real_sigaction(sig, nullptr, old);
  }
  // Callers see their own handler, not the trampoline.
  if (rc == 0 && old && previous) {
    if (old->sa_flags & SA_SIGINFO) {
      if (old->sa_sigaction == trampoline_siginfo)
        old->sa_sigaction = reinterpret_cast<void (*)(int, siginfo_t *, void *)>(previous);
    } else if (old->sa_handler == trampoline_plain) {
      old->sa_handler = reinterpret_cast<void (*)(int)>(previous);
    }
  }
  return rc;
}

extern "C" __attribute__((visibility("default"))) sighandler_t signal(int sig, sighandler_t handler) {
  struct sigaction act, old;
  memset(&act, 0, sizeof act);
  act.sa_handler = handler;
  sigemptyset(&act.sa_mask);
  act.sa_flags = SA_RESTART;
  if (sigaction(sig, &act, &old) != 0) return SIG_ERR;
  return old.sa_handler;
}

// ---- longjmp: leaving frames without returning from them ----
//
// A longjmp (siglongjmp, _longjmp, the fortified __longjmp_chk) out of a
// signal handler never returns through its trampoline: the handlers whose
// frames lie below the jump's target are left here. The target's stack
// pointer is in the jmp_buf, mangled with glibc's pointer guard (x86-64:
// rotated left by 17 bits after a xor with the guard at %fs:0x30); its slot
// is JB_RSP (6). (The shadow call stack is cut back by the frame that called
// setjmp: __vigil_func_restore_depth, inserted by the pass.)

namespace {

uintptr_t jmp_buf_sp(const void *env) {
  uintptr_t mangled = static_cast<const uintptr_t *>(env)[6];
  uintptr_t guard;
  asm("mov %%fs:0x30, %0" : "=r"(guard));
  uintptr_t rotated = (mangled >> 17) | (mangled << (64 - 17));
  return rotated ^ guard;
}

void before_jump(const void *env) {
  owner *o = t_owner;
  if (o && o->handlers) owner_leave_frames_below(o, jmp_buf_sp(env));
}

// The function behind *slot, looked up on first use (resolve_real).
template <class F>
F next_definition(F *slot, const char *name) {
  F f = __atomic_load_n(slot, __ATOMIC_RELAXED);
  if (!f) {
    f = reinterpret_cast<F>(resolve_real(name, nullptr));
    __atomic_store_n(slot, f, __ATOMIC_RELAXED);
  }
  return f;
}

using jump_fn = void (*)(void *, int);
jump_fn g_real_longjmp, g_real__longjmp, g_real_siglongjmp, g_real___longjmp_chk;

}  // namespace

#define VIGIL_JUMP_INTERCEPTOR(name)                                                      \
  extern "C" __attribute__((visibility("default"), noreturn)) void name(void *env, int val) { \
    before_jump(env);                                                                     \
    next_definition(&g_real_##name, #name)(env, val);                                     \
    __builtin_unreachable();                                                              \
  }
VIGIL_JUMP_INTERCEPTOR(longjmp)
VIGIL_JUMP_INTERCEPTOR(_longjmp)
VIGIL_JUMP_INTERCEPTOR(siglongjmp)
VIGIL_JUMP_INTERCEPTOR(__longjmp_chk)
