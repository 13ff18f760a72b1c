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

void trampoline_siginfo(int sig, siginfo_t *info, void *uctx) {
  owner *o = t_owner;
  auto h = reinterpret_cast<void (*)(int, siginfo_t *, void *)>(
      __atomic_load_n(&g_handlers[sig], __ATOMIC_ACQUIRE));
  if (o) o->in_runtime++, o->ignore_reads++, o->ignore_writes++;
  h(sig, info, uctx);
  if (o) o->in_runtime--, o->ignore_reads--, o->ignore_writes--;
}

void trampoline_plain(int sig) {
  owner *o = t_owner;
  auto h = reinterpret_cast<void (*)(int)>(__atomic_load_n(&g_handlers[sig], __ATOMIC_ACQUIRE));
  if (o) o->in_runtime++, o->ignore_reads++, o->ignore_writes++;
  h(sig);
  if (o) o->in_runtime--, o->ignore_reads--, o->ignore_writes--;
}

bool is_function(void *h) {
  return h != reinterpret_cast<void *>(SIG_DFL) && h != reinterpret_cast<void *>(SIG_IGN) &&
         h != reinterpret_cast<void *>(SIG_ERR);
}

}  // namespace
}  // namespace vigil::detect

using namespace vigil::detect;

extern "C" __attribute__((visibility("default"))) int sigaction(int sig, const struct sigaction *act,
                                                                struct sigaction *old) {
  if (!real_sigaction)
    real_sigaction = reinterpret_cast<decltype(real_sigaction)>(dlsym(RTLD_NEXT, "sigaction"));
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
