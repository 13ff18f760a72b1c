// interceptors.cpp — libc, libpthread and libstdc++ entry points the detector
// must see: thread lifetime, mutexes and friends, heap, memory functions,
// file descriptors, fork.
//
// Each interceptor is the function of the same name, exported from
// libvigil_detect.so, which the link puts ahead of libc and libstdc++ in the
// lookup order; the real function comes from dlsym(RTLD_NEXT). Interceptors
// called by the runtime itself (owner->in_runtime) or before the runtime is
// ready pass straight through.
#include <dlfcn.h>
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <initializer_list>
#include <new>

#include "access.h"
#include "heap.h"
#include "mutex.h"
#include "runtime.h"
#include "sync.h"
#include "reports.h"
#include "../base/process.h"
#include "../base/symbolizer.h"

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);
size_t malloc_usable_size(void *);
}

#include <bits/functexcept.h>  // std::__throw_bad_alloc (libstdc++'s own, noreturn)

using namespace vigil::detect;

#define VIGIL_INTERCEPTOR(ret, name, ...) extern "C" __attribute__((visibility("default"))) ret name(__VA_ARGS__)
#define VIGIL_CALLER_PC reinterpret_cast<uintptr_t>(__builtin_return_address(0))

namespace {
void *fallback_memcpy(void *d, const void *s, size_t n);
void *fallback_memmove(void *d, const void *s, size_t n);
void *fallback_memset(void *d, int c, size_t n);
}  // namespace

namespace vigil::detect {
namespace real {
// Constant-initialized to working fallbacks: instrumented code may copy
// memory before the runtime's constructor has resolved the real functions.
void *(*memcpy)(void *, const void *, size_t) = fallback_memcpy;
void *(*memmove)(void *, const void *, size_t) = fallback_memmove;
void *(*memset)(void *, int, size_t) = fallback_memset;
}  // namespace real
}  // namespace vigil::detect

namespace {

// ---- real functions ----
#define VIGIL_REAL_LIST(X)                                                         \
  X(int, pthread_create, pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) \
  X(int, pthread_join, pthread_t, void **)                                         \
  X(int, pthread_tryjoin_np, pthread_t, void **)                                   \
  X(int, pthread_timedjoin_np, pthread_t, void **, const struct timespec *)        \
  X(int, pthread_clockjoin_np, pthread_t, void **, clockid_t, const struct timespec *) \
  X(int, pthread_detach, pthread_t)                                                \
  X(int, pthread_mutex_init, pthread_mutex_t *, const pthread_mutexattr_t *)       \
  X(int, pthread_mutex_destroy, pthread_mutex_t *)                                 \
  X(int, pthread_mutex_lock, pthread_mutex_t *)                                    \
  X(int, pthread_mutex_trylock, pthread_mutex_t *)                                 \
  X(int, pthread_mutex_timedlock, pthread_mutex_t *, const struct timespec *)      \
  X(int, pthread_mutex_clocklock, pthread_mutex_t *, clockid_t, const struct timespec *) \
  X(int, pthread_mutex_unlock, pthread_mutex_t *)                                  \
  X(int, pthread_spin_init, pthread_spinlock_t *, int)                             \
  X(int, pthread_spin_destroy, pthread_spinlock_t *)                               \
  X(int, pthread_spin_lock, pthread_spinlock_t *)                                  \
  X(int, pthread_spin_trylock, pthread_spinlock_t *)                               \
  X(int, pthread_spin_unlock, pthread_spinlock_t *)                                \
  X(int, pthread_rwlock_init, pthread_rwlock_t *, const pthread_rwlockattr_t *)    \
  X(int, pthread_rwlock_destroy, pthread_rwlock_t *)                               \
  X(int, pthread_rwlock_rdlock, pthread_rwlock_t *)                                \
  X(int, pthread_rwlock_tryrdlock, pthread_rwlock_t *)                             \
  X(int, pthread_rwlock_timedrdlock, pthread_rwlock_t *, const struct timespec *)  \
  X(int, pthread_rwlock_clockrdlock, pthread_rwlock_t *, clockid_t, const struct timespec *) \
  X(int, pthread_rwlock_wrlock, pthread_rwlock_t *)                                \
  X(int, pthread_rwlock_trywrlock, pthread_rwlock_t *)                             \
  X(int, pthread_rwlock_timedwrlock, pthread_rwlock_t *, const struct timespec *)  \
  X(int, pthread_rwlock_clockwrlock, pthread_rwlock_t *, clockid_t, const struct timespec *) \
  X(int, pthread_rwlock_unlock, pthread_rwlock_t *)                                \
  X(int, pthread_barrier_wait, pthread_barrier_t *)                                \
  X(int, pthread_barrier_destroy, pthread_barrier_t *)                             \
  X(int, sem_post, sem_t *)                                                        \
  X(int, sem_wait, sem_t *)                                                        \
  X(int, sem_trywait, sem_t *)                                                     \
  X(int, sem_timedwait, sem_t *, const struct timespec *)                          \
  X(int, sem_clockwait, sem_t *, clockid_t, const struct timespec *)               \
  X(int, sem_destroy, sem_t *)                                                     \
  X(int, __cxa_guard_acquire, uint64_t *)                                          \
  X(void, __cxa_guard_release, uint64_t *)                                         \
  X(void, __cxa_guard_abort, uint64_t *)                                           \
  X(ssize_t, write, int, const void *, size_t)                                     \
  X(ssize_t, pwrite, int, const void *, size_t, off_t)                             \
  X(ssize_t, writev, int, const struct iovec *, int)                               \
  X(ssize_t, send, int, const void *, size_t, int)                                 \
  X(ssize_t, sendto, int, const void *, size_t, int, const struct sockaddr *, socklen_t) \
  X(ssize_t, sendmsg, int, const struct msghdr *, int)                             \
  X(ssize_t, read, int, void *, size_t)                                            \
  X(ssize_t, pread, int, void *, size_t, off_t)                                    \
  X(ssize_t, readv, int, const struct iovec *, int)                                \
  X(ssize_t, recv, int, void *, size_t, int)                                       \
  X(ssize_t, recvfrom, int, void *, size_t, int, struct sockaddr *, socklen_t *)   \
  X(ssize_t, recvmsg, int, struct msghdr *, int)                                   \
  X(int, close, int)                                                               \
  X(int, dup2, int, int)                                                           \
  X(int, dup3, int, int, int)                                                      \
  X(int, pipe, int *)                                                              \
  X(int, pipe2, int *, int)                                                        \
  X(int, eventfd, unsigned int, int)                                               \
  X(int, socketpair, int, int, int, int *)                                         \
  X(pid_t, fork, void)                                                             \
  X(int, timer_create, clockid_t, struct sigevent *, timer_t *)                    \
  X(int, timer_settime, timer_t, int, const struct itimerspec *, struct itimerspec *) \
  X(void *, mmap, void *, size_t, int, int, int, off_t)                            \
  X(int, munmap, void *, size_t)                                                   \
  X(int, memcmp, const void *, const void *, size_t)                               \
  X(int, bcmp, const void *, const void *, size_t)                                 \
  X(size_t, strlen, const char *)                                                  \
  X(size_t, strnlen, const char *, size_t)                                         \
  X(int, strcmp, const char *, const char *)                                       \
  X(int, strncmp, const char *, const char *, size_t)                              \
  X(char *, strcpy, char *, const char *)                                          \
  X(char *, strncpy, char *, const char *, size_t)                                 \
  X(char *, strcat, char *, const char *)                                          \
  X(char *, strchr, const char *, int)                                             \
  X(char *, strrchr, const char *, int)                                            \
  X(void *, memchr, const void *, int, size_t)

// real_<name> calls the next definition of <name> after this module (libc's,
// libpthread's, libstdc++'s). Each pointer starts out as a resolver of the
// same type, constant-initialized: its first call looks the function up,
// stores it and calls it. So every interceptor works whenever it is called:
// from a library constructor that runs before the runtime's own, from a
// program started with the runtime preloaded, from the runtime's start-up
// itself (getenv calls strlen). The pointers are written once per function
// with the same value by whichever thread resolves first (relaxed atomic
// store; a reader sees the resolver or the function, both correct).
}  // namespace

void *vigil::detect::lookup_real(const char *name, const char *version) {
  return version ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
}

void *vigil::detect::resolve_real(const char *name, const char *version) {
  void *f = lookup_real(name, version);
  if (!f) {
    raw_write_str(2, "vigil: cannot find the C library's ");
    raw_write_str(2, name);
    raw_write_str(2, " (dlsym(RTLD_NEXT) failed): is libvigil_detect.so loaded ahead of libc?\n");
    _exit(70);
  }
  return f;
}

namespace {

template <class F>
struct lazy_real;
template <class R, class... A>
struct lazy_real<R (*)(A...)> {
  template <R (**Slot)(A...), const char *Name, const char *Version>
  static R resolve_and_call(A... args) {
    auto f = reinterpret_cast<R (*)(A...)>(resolve_real(Name, Version));
    __atomic_store_n(Slot, f, __ATOMIC_RELAXED);
    return f(args...);
  }
  template <R (**Slot)(A...), const char *Name, const char *Version>
  static void resolve_now() {
    // A function this C library lacks (pthread_cond_clockwait before glibc
    // 2.30) keeps its resolver: no program of it can call it.
    if (void *f = lookup_real(Name, Version)) __atomic_store_n(Slot, reinterpret_cast<R (*)(A...)>(f), __ATOMIC_RELAXED);
  }
};

#define VIGIL_DECLARE_REAL_VERSIONED(ret, name, symbol, version, ...)                          \
  constexpr char kRealName_##name[] = symbol;                                                  \
  ret (*real_##name)(__VA_ARGS__) =                                                            \
      lazy_real<ret (*)(__VA_ARGS__)>::resolve_and_call<&real_##name, kRealName_##name, version>;
#define VIGIL_DECLARE_REAL(ret, name, ...) VIGIL_DECLARE_REAL_VERSIONED(ret, name, #name, nullptr, __VA_ARGS__)
VIGIL_REAL_LIST(VIGIL_DECLARE_REAL)
#undef VIGIL_DECLARE_REAL

// glibc keeps an old pthread_cond ABI as the default-versioned symbol for
// dlsym; the one programs link against is GLIBC_2.3.2.
constexpr char kCondVersion[] = "GLIBC_2.3.2";
#define VIGIL_REAL_COND_LIST(X)                                                                        \
  X(int, cond_wait, "pthread_cond_wait", kCondVersion, pthread_cond_t *, pthread_mutex_t *)            \
  X(int, cond_timedwait, "pthread_cond_timedwait", kCondVersion, pthread_cond_t *, pthread_mutex_t *,  \
    const struct timespec *)                                                                           \
  X(int, cond_clockwait, "pthread_cond_clockwait", nullptr, pthread_cond_t *, pthread_mutex_t *,       \
    clockid_t, const struct timespec *)                                                                \
  X(int, cond_signal, "pthread_cond_signal", kCondVersion, pthread_cond_t *)                           \
  X(int, cond_broadcast, "pthread_cond_broadcast", kCondVersion, pthread_cond_t *)                     \
  X(int, cond_init, "pthread_cond_init", kCondVersion, pthread_cond_t *, const pthread_condattr_t *)   \
  X(int, cond_destroy, "pthread_cond_destroy", kCondVersion, pthread_cond_t *)
VIGIL_REAL_COND_LIST(VIGIL_DECLARE_REAL_VERSIONED)

// Fallbacks for memory functions called before dlsym has run. String
// instructions, never loops: the compiler turns a byte loop into a call of
// memset or memmove, which is this very interceptor (a libLLVM constructor
// running before the runtime's spun forever in that tail call).
void *fallback_memcpy(void *d, const void *s, size_t n) {
  mem_copy(d, s, n);
  return d;
}
void *fallback_memmove(void *d, const void *s, size_t n) {
  char *dc = static_cast<char *>(d);
  const char *sc = static_cast<const char *>(s);
  if (dc < sc || dc >= sc + n) {
    mem_copy(d, s, n);
  } else if (n) {  // overlapping, destination above: copy downwards
    char *dl = dc + n - 1;
    const char *sl = sc + n - 1;
    asm volatile("std\n\trep movsb\n\tcld" : "+D"(dl), "+S"(sl), "+c"(n) : : "memory");
  }
  return d;
}
void *fallback_memset(void *d, int c, size_t n) {
  void *p = d;
  asm volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
  return d;
}

bool g_interceptors_ready;

// The owner to check accesses for, or null when the runtime should not look
// (not started, or the runtime's own call).
VIGIL_ALWAYS_INLINE owner *active_owner() {
  if (VIGIL_UNLIKELY(!runtime_ready())) return nullptr;
  owner *o = cur_owner();
  return o && !o->in_runtime ? o : nullptr;
}

// Every range check of an interceptor: the runtime's own calls (compiled
// struct copies, zeroing loops turned into memset) are not the program's.
VIGIL_ALWAYS_INLINE void check_range(owner *o, const void *p, size_t n, unsigned flags, uintptr_t pc) {
  if (o && !owner_ignores(o, flags) && !pc_in_runtime(pc))
    access_range(o, reinterpret_cast<uintptr_t>(p), n, flags, pc);
}

// ---- threads ----

// Thread handle → descriptor of threads created through pthread_create.
struct thread_entry {
  pthread_t handle;
  owner_desc *desc;
  owner *o;  // freed at join
  thread_entry *next;
};
raw_lock g_threads_mu;
thread_entry *g_threads VIGIL_GUARDED_BY(g_threads_mu);

void threads_add(pthread_t h, owner_desc *d, owner *o) {
  auto *e = static_cast<thread_entry *>(internal_alloc(sizeof(thread_entry)));
  raw_lock_guard l(g_threads_mu);
  *e = {h, d, o, g_threads};
  g_threads = e;
}

thread_entry *threads_take(pthread_t h) {
  raw_lock_guard l(g_threads_mu);
  for (thread_entry **p = &g_threads; *p; p = &(*p)->next) {
    if ((*p)->handle == h) {
      thread_entry *e = *p;
      *p = e->next;
      return e;
    }
  }
  return nullptr;
}

owner_desc *threads_find(pthread_t h) {
  raw_lock_guard l(g_threads_mu);
  for (thread_entry *e = g_threads; e; e = e->next)
    if (e->handle == h) return e->desc;
  return nullptr;
}

struct start_args {
  void *(*fn)(void *);
  void *arg;
  owner *o;
  int started;  // futex: 1 once the child has its owner (the parent waits for it)
  sigset_t sigmask;  // the parent's, restored in the child once it has its owner
};

pthread_key_t g_exit_key;

void thread_exit_hook(void *p) {
  // Runs after the thread's C++ thread_local destructors: the last point at
  // which the thread runs code. Its end (what join acquires) is here.
  auto *o = static_cast<owner *>(p);
  owner_finish(o);
  // Nobody joins an adopted thread: its owner goes now (before the thread's
  // caches are returned: destroying it frees memory). Code that still runs
  // here, another key's destructor, is adopted again and ends in the next
  // round of destructors.
  if (o->desc->adopted) {
    t_owner = nullptr;
    owner_destroy(o);
  }
  sync_thread_exit();
  internal_alloc_thread_exit();
}

// A thread's first steps in the runtime (inside a runtime_scope): stacks and
// static TLS of exited threads are reused by glibc, and whatever the previous
// thread did there is not this thread's business; its end (thread_exit_hook)
// is registered.
void thread_begins(owner *o) {
  if (record_thread_stack(o->desc)) {
    size_t size = o->desc->stack_hi - o->desc->stack_lo;
    sync_destroy_range(o->desc->stack_lo, size);
    shadow_reset(o->desc->stack_lo, size);
  }
  pthread_setspecific(g_exit_key, o);
}

void *thread_start(void *p) {
  auto *a = static_cast<start_args *>(p);
  owner *o = a->o;
  set_cur_owner(o);
  o->desc->os_tid = static_cast<int>(syscall(SYS_gettid));
  void *(*fn)(void *) = a->fn;
  void *arg = a->arg;
  sigset_t mask = a->sigmask;
  {
    runtime_scope rs(o);
    thread_begins(o);
    // Registered by the thread itself, before pthread_create returns in the
    // parent and before the thread's own code runs (it may detach itself).
    threads_add(pthread_self(), o->desc, o);
  }
  __atomic_store_n(&a->started, 1, __ATOMIC_RELEASE);
  syscall(SYS_futex, &a->started, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  pthread_sigmask(SIG_SETMASK, &mask, nullptr);
  return fn(arg);
}

}  // namespace

void vigil::detect::thread_adopted(owner *o) {
  o->desc->adopted = true;
  runtime_scope rs(o);
  thread_begins(o);
}

void vigil::detect::interceptors_init() {
  if (g_interceptors_ready) return;
  real::memcpy = fallback_memcpy;
  real::memmove = fallback_memmove;
  real::memset = fallback_memset;
  // Everything now, at start-up, rather than at each first call.
#define VIGIL_RESOLVE_VERSIONED(ret, name, symbol, version, ...) \
  lazy_real<decltype(real_##name)>::resolve_now<&real_##name, kRealName_##name, version>();
#define VIGIL_RESOLVE(ret, name, ...) VIGIL_RESOLVE_VERSIONED(ret, name, #name, nullptr, __VA_ARGS__)
  VIGIL_REAL_LIST(VIGIL_RESOLVE)
  VIGIL_REAL_COND_LIST(VIGIL_RESOLVE_VERSIONED)
#undef VIGIL_RESOLVE
#undef VIGIL_RESOLVE_VERSIONED
  real::memcpy = reinterpret_cast<decltype(real::memcpy)>(resolve_real("memcpy", nullptr));
  real::memmove = reinterpret_cast<decltype(real::memmove)>(resolve_real("memmove", nullptr));
  real::memset = reinterpret_cast<decltype(real::memset)>(resolve_real("memset", nullptr));
  pthread_key_create(&g_exit_key, thread_exit_hook);
  g_interceptors_ready = true;
}

// ---- thread lifetime ----

VIGIL_INTERCEPTOR(int, pthread_create, pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg) {
  runtime_init();
  owner *parent = runtime_ready() ? cur_owner() : nullptr;
  // The runtime is starting (on this thread or another one), or this
  // thread's adoption is under way: the thread is not followed.
  if (!parent) return real_pthread_create(th, attr, fn, arg);
  stack_id stack;
  {
    runtime_scope rs(parent);
    stack = owner_stack_unwound(parent, 0);
  }
  int detach_state = PTHREAD_CREATE_JOINABLE;
  if (attr) pthread_attr_getdetachstate(attr, &detach_state);
  owner *child = owner_create(parent, stack,
                              detach_state == PTHREAD_CREATE_DETACHED ? owner_kind::detached_thread : owner_kind::thread);
  start_args a{fn, arg, child, 0, {}};
  int rc;
  {
    runtime_scope rs(parent);
    // The child starts with every signal blocked and unblocks them once it
    // has its owner: a signal handler never runs on a thread the runtime is
    // still registering (it would adopt the thread a second time).
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &a.sigmask);
    rc = real_pthread_create(th, attr, thread_start, &a);
    pthread_sigmask(SIG_SETMASK, &a.sigmask, nullptr);
  }
  if (rc != 0) {
    owner_finish(child);
    owner_destroy(child);
    return rc;
  }
  // `a` lives on this stack: wait until the child has copied it.
  while (__atomic_load_n(&a.started, __ATOMIC_ACQUIRE) == 0)
    syscall(SYS_futex, &a.started, FUTEX_WAIT_PRIVATE, 0, nullptr, nullptr, 0);
  return 0;
}

namespace {
void joined(pthread_t th) {
  owner *o = cur_owner();
  if (!o) return;
  thread_entry *e = threads_take(th);
  if (!e) return;
  registry_lock();
  o->clock.join(e->desc->end_clock);
  e->desc->joined = true;
  e->desc->end_clock.reset();
  registry_unlock();
  owner_destroy(e->o);
  internal_free(e);
}
}  // namespace

VIGIL_INTERCEPTOR(int, pthread_join, pthread_t th, void **ret) {
  int rc = real_pthread_join(th, ret);
  if (rc == 0 && runtime_ready()) joined(th);
  return rc;
}
VIGIL_INTERCEPTOR(int, pthread_tryjoin_np, pthread_t th, void **ret) {
  int rc = real_pthread_tryjoin_np(th, ret);
  if (rc == 0 && runtime_ready()) joined(th);
  return rc;
}
VIGIL_INTERCEPTOR(int, pthread_timedjoin_np, pthread_t th, void **ret, const struct timespec *ts) {
  int rc = real_pthread_timedjoin_np(th, ret, ts);
  if (rc == 0 && runtime_ready()) joined(th);
  return rc;
}
VIGIL_INTERCEPTOR(int, pthread_clockjoin_np, pthread_t th, void **ret, clockid_t c, const struct timespec *ts) {
  int rc = real_pthread_clockjoin_np(th, ret, c, ts);
  if (rc == 0 && runtime_ready()) joined(th);
  return rc;
}
VIGIL_INTERCEPTOR(int, pthread_detach, pthread_t th) {
  int rc = real_pthread_detach(th);
  if (rc == 0 && runtime_ready()) {
    if (owner_desc *d = threads_find(th)) {
      registry_lock();
      d->detached = true;
      registry_unlock();
    }
  }
  return rc;
}

// ---- mutexes ----

VIGIL_INTERCEPTOR(int, pthread_mutex_init, pthread_mutex_t *m, const pthread_mutexattr_t *a) {
  int rc = real_pthread_mutex_init(m, a);
  if (owner *o = active_owner()) mutex_create(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return rc;
}
VIGIL_INTERCEPTOR(int, pthread_mutex_destroy, pthread_mutex_t *m) {
  if (owner *o = active_owner()) mutex_destroy(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return real_pthread_mutex_destroy(m);
}
// Lock-like acquisitions: on success (0), the lock happens after its previous
// release. `type` is the lock object's type; extra parameters pass through.
// A try-lock cannot block: it orders nothing for deadlock detection (std::lock
// and std::scoped_lock take their second mutex with it, in either order).
#define VIGIL_COMMA ,
#define VIGIL_LOCK(name, type, write, params, args)                            \
  VIGIL_INTERCEPTOR(int, name, type *m params) {                               \
    int rc = real_##name(m args);                                              \
    if (rc == 0)                                                               \
      if (owner *o = active_owner())                                           \
        mutex_locked(o, reinterpret_cast<uintptr_t>(m), write, VIGIL_CALLER_PC, \
                     __builtin_strstr(#name, "try") ? lock_how::try_lock : lock_how::blocking); \
    return rc;                                                                 \
  }
VIGIL_LOCK(pthread_mutex_lock, pthread_mutex_t, true, , )
VIGIL_LOCK(pthread_mutex_trylock, pthread_mutex_t, true, , )
VIGIL_LOCK(pthread_mutex_timedlock, pthread_mutex_t, true, VIGIL_COMMA const struct timespec *ts, VIGIL_COMMA ts)
VIGIL_LOCK(pthread_mutex_clocklock, pthread_mutex_t, true,
           VIGIL_COMMA clockid_t c VIGIL_COMMA const struct timespec *ts, VIGIL_COMMA c VIGIL_COMMA ts)
VIGIL_INTERCEPTOR(int, pthread_mutex_unlock, pthread_mutex_t *m) {
  if (owner *o = active_owner()) mutex_unlocking(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return real_pthread_mutex_unlock(m);
}

VIGIL_INTERCEPTOR(int, pthread_spin_init, pthread_spinlock_t *m, int shared) {
  int rc = real_pthread_spin_init(m, shared);
  if (owner *o = active_owner()) mutex_create(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return rc;
}
VIGIL_INTERCEPTOR(int, pthread_spin_destroy, pthread_spinlock_t *m) {
  if (owner *o = active_owner()) mutex_destroy(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return real_pthread_spin_destroy(m);
}
VIGIL_LOCK(pthread_spin_lock, pthread_spinlock_t, true, , )
VIGIL_LOCK(pthread_spin_trylock, pthread_spinlock_t, true, , )
VIGIL_INTERCEPTOR(int, pthread_spin_unlock, pthread_spinlock_t *m) {
  if (owner *o = active_owner()) mutex_unlocking(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return real_pthread_spin_unlock(m);
}

// ---- rwlocks ----

VIGIL_INTERCEPTOR(int, pthread_rwlock_init, pthread_rwlock_t *m, const pthread_rwlockattr_t *a) {
  int rc = real_pthread_rwlock_init(m, a);
  if (owner *o = active_owner()) mutex_create(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return rc;
}
VIGIL_INTERCEPTOR(int, pthread_rwlock_destroy, pthread_rwlock_t *m) {
  if (owner *o = active_owner()) mutex_destroy(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return real_pthread_rwlock_destroy(m);
}
VIGIL_LOCK(pthread_rwlock_rdlock, pthread_rwlock_t, false, , )
VIGIL_LOCK(pthread_rwlock_tryrdlock, pthread_rwlock_t, false, , )
VIGIL_LOCK(pthread_rwlock_timedrdlock, pthread_rwlock_t, false, VIGIL_COMMA const struct timespec *ts, VIGIL_COMMA ts)
VIGIL_LOCK(pthread_rwlock_clockrdlock, pthread_rwlock_t, false, VIGIL_COMMA clockid_t c VIGIL_COMMA const struct timespec *ts,
             VIGIL_COMMA c VIGIL_COMMA ts)
VIGIL_LOCK(pthread_rwlock_wrlock, pthread_rwlock_t, true, , )
VIGIL_LOCK(pthread_rwlock_trywrlock, pthread_rwlock_t, true, , )
VIGIL_LOCK(pthread_rwlock_timedwrlock, pthread_rwlock_t, true, VIGIL_COMMA const struct timespec *ts, VIGIL_COMMA ts)
VIGIL_LOCK(pthread_rwlock_clockwrlock, pthread_rwlock_t, true, VIGIL_COMMA clockid_t c VIGIL_COMMA const struct timespec *ts,
             VIGIL_COMMA c VIGIL_COMMA ts)
VIGIL_INTERCEPTOR(int, pthread_rwlock_unlock, pthread_rwlock_t *m) {
  if (owner *o = active_owner()) mutex_unlocking(o, reinterpret_cast<uintptr_t>(m), VIGIL_CALLER_PC);
  return real_pthread_rwlock_unlock(m);
}

// ---- condition variables: waiting unlocks and relocks the mutex ----

namespace {
struct cond_wait_frame {
  owner *o;
  pthread_mutex_t *m;
  uintptr_t pc;
};

// A wait is a cancellation point: a thread cancelled in it holds the mutex
// again when its cleanup handlers run (glibc re-acquires it first), and the
// handler that unlocks it is right to. The wait's own cleanup handler,
// innermost, records the re-acquisition.
void cond_wait_cancelled(void *p) {
  auto *f = static_cast<cond_wait_frame *>(p);
  mutex_locked(f->o, reinterpret_cast<uintptr_t>(f->m), true, f->pc);
}

template <class Wait>
int cond_wait(pthread_mutex_t *m, uintptr_t pc, Wait wait) {
  owner *o = active_owner();
  if (!o) return wait();
  mutex_unlocking(o, reinterpret_cast<uintptr_t>(m), pc);
  cond_wait_frame frame{o, m, pc};
  int rc;
  pthread_cleanup_push(cond_wait_cancelled, &frame);
  rc = wait();
  pthread_cleanup_pop(0);
  // The mutex is held again on return, also on timeout.
  if (rc == 0 || rc == ETIMEDOUT) mutex_locked(o, reinterpret_cast<uintptr_t>(m), true, pc);
  return rc;
}
}  // namespace
VIGIL_INTERCEPTOR(int, pthread_cond_wait, pthread_cond_t *c, pthread_mutex_t *m) {
  return cond_wait(m, VIGIL_CALLER_PC, [&] { return real_cond_wait(c, m); });
}
VIGIL_INTERCEPTOR(int, pthread_cond_timedwait, pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *ts) {
  return cond_wait(m, VIGIL_CALLER_PC, [&] { return real_cond_timedwait(c, m, ts); });
}
VIGIL_INTERCEPTOR(int, pthread_cond_clockwait, pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk,
                  const struct timespec *ts) {
  return cond_wait(m, VIGIL_CALLER_PC, [&] { return real_cond_clockwait(c, m, clk, ts); });
}
VIGIL_INTERCEPTOR(int, pthread_cond_signal, pthread_cond_t *c) { return real_cond_signal(c); }
VIGIL_INTERCEPTOR(int, pthread_cond_broadcast, pthread_cond_t *c) { return real_cond_broadcast(c); }
VIGIL_INTERCEPTOR(int, pthread_cond_init, pthread_cond_t *c, const pthread_condattr_t *a) {
  return real_cond_init(c, a);
}
VIGIL_INTERCEPTOR(int, pthread_cond_destroy, pthread_cond_t *c) { return real_cond_destroy(c); }

// ---- once: implemented here so the initializer's completion can be published ----

VIGIL_INTERCEPTOR(int, pthread_once, pthread_once_t *once, void (*fn)(void)) {
  // States: 0 not run, 1 running, 2 done (PTHREAD_ONCE_INIT is 0). Every caller
  // goes through this interceptor, so the protocol is ours alone.
  int *st = reinterpret_cast<int *>(once);
  owner *o = active_owner();
  for (;;) {
    int v = __atomic_load_n(st, __ATOMIC_ACQUIRE);
    if (v == 2) {
      if (o) acquire_at(o, reinterpret_cast<uintptr_t>(st));
      return 0;
    }
    if (v == 0 && __atomic_compare_exchange_n(st, &v, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      fn();
      if (o) release_at(o, reinterpret_cast<uintptr_t>(st));
      __atomic_store_n(st, 2, __ATOMIC_RELEASE);
      syscall(SYS_futex, st, FUTEX_WAKE_PRIVATE, 0x7fffffff, nullptr, nullptr, 0);
      return 0;
    }
    if (v == 1) syscall(SYS_futex, st, FUTEX_WAIT_PRIVATE, 1, nullptr, nullptr, 0);
  }
}

// ---- barriers and semaphores ----

VIGIL_INTERCEPTOR(int, pthread_barrier_wait, pthread_barrier_t *b) {
  owner *o = active_owner();
  if (o) release_at(o, reinterpret_cast<uintptr_t>(b));
  int rc = real_pthread_barrier_wait(b);
  if (o) acquire_at(o, reinterpret_cast<uintptr_t>(b));
  return rc;
}
VIGIL_INTERCEPTOR(int, pthread_barrier_destroy, pthread_barrier_t *b) {
  if (active_owner()) sync_destroy(reinterpret_cast<uintptr_t>(b));
  return real_pthread_barrier_destroy(b);
}

VIGIL_INTERCEPTOR(int, sem_post, sem_t *s) {
  if (owner *o = active_owner()) release_at(o, reinterpret_cast<uintptr_t>(s));
  return real_sem_post(s);
}
#define VIGIL_SEM_WAIT(name, params, args)                                     \
  VIGIL_INTERCEPTOR(int, name, sem_t *s params) {                              \
    int rc = real_##name(s args);                                              \
    if (rc == 0)                                                               \
      if (owner *o = active_owner()) acquire_at(o, reinterpret_cast<uintptr_t>(s)); \
    return rc;                                                                 \
  }
VIGIL_SEM_WAIT(sem_wait, , )
VIGIL_SEM_WAIT(sem_trywait, , )
VIGIL_SEM_WAIT(sem_timedwait, VIGIL_COMMA const struct timespec *ts, VIGIL_COMMA ts)
VIGIL_SEM_WAIT(sem_clockwait, VIGIL_COMMA clockid_t c VIGIL_COMMA const struct timespec *ts, VIGIL_COMMA c VIGIL_COMMA ts)
VIGIL_INTERCEPTOR(int, sem_destroy, sem_t *s) {
  if (active_owner()) sync_destroy(reinterpret_cast<uintptr_t>(s));
  return real_sem_destroy(s);
}

// ---- function-local statics ----

VIGIL_INTERCEPTOR(int, __cxa_guard_acquire, uint64_t *g) {
  int rc = real___cxa_guard_acquire(g);
  // 0: another thread finished the initialization; it happened before us.
  if (rc == 0)
    if (owner *o = active_owner()) acquire_at(o, reinterpret_cast<uintptr_t>(g));
  return rc;
}
VIGIL_INTERCEPTOR(void, __cxa_guard_release, uint64_t *g) {
  if (owner *o = active_owner()) release_at(o, reinterpret_cast<uintptr_t>(g));
  real___cxa_guard_release(g);
}
VIGIL_INTERCEPTOR(void, __cxa_guard_abort, uint64_t *g) { real___cxa_guard_abort(g); }

// ---- file descriptors: data written to an fd happens before it is read ----

// Each file descriptor maps to the sync object of the kernel object behind
// it: both ends of a pipe or socketpair share one, so a write on one end
// happens before the read on the other that returns the data. A descriptor
// created behind vigil's back uses a key of its own number.
namespace {
constexpr int kMaxTrackedFds = 1 << 20;
uint64_t *g_fd_keys;       // [kMaxTrackedFds], 0 = default key; map_reserve'd
uint64_t g_next_fd_object;  // atomic

VIGIL_ALWAYS_INLINE uintptr_t fd_key(int fd) {
  if (fd >= 0 && fd < kMaxTrackedFds && g_fd_keys) {
    uint64_t k = __atomic_load_n(&g_fd_keys[fd], __ATOMIC_ACQUIRE);
    if (k) return k;
  }
  return kFdSyncBase + static_cast<unsigned>(fd);
}
// New descriptors for a new kernel object (both ends of a pipe: same object).
void fd_fresh(int fd, int fd2 = -1) {
  if (fd < 0 || !runtime_ready()) return;
  if (!g_fd_keys) {
    auto *keys = static_cast<uint64_t *>(map_reserve(sizeof(uint64_t) * kMaxTrackedFds, "file descriptor keys"));
    uint64_t *expected = nullptr;
    if (!__atomic_compare_exchange_n(&g_fd_keys, &expected, keys, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      unmap(keys, sizeof(uint64_t) * kMaxTrackedFds);
  }
  uint64_t key = kFdSyncBase + (uint64_t{1} << 32) + __atomic_fetch_add(&g_next_fd_object, 1, __ATOMIC_RELAXED);
  for (int f : {fd, fd2})
    if (f >= 0 && f < kMaxTrackedFds) __atomic_store_n(&g_fd_keys[f], key, __ATOMIC_RELEASE);
}
void fd_closed(int fd) {
  // The object's clock stays: the other end may still read what was written.
  if (fd >= 0 && fd < kMaxTrackedFds && g_fd_keys) __atomic_store_n(&g_fd_keys[fd], 0, __ATOMIC_RELEASE);
}
}  // namespace

#define VIGIL_FD_WRITE(name, params, args, buf, len)                           \
  VIGIL_INTERCEPTOR(ssize_t, name, int fd params) {                            \
    if (owner *o = active_owner()) {                                           \
      check_range(o, buf, len, 0, VIGIL_CALLER_PC);                            \
      release_at(o, fd_key(fd));                                               \
    }                                                                          \
    return real_##name(fd args);                                               \
  }
VIGIL_FD_WRITE(write, VIGIL_COMMA const void *b VIGIL_COMMA size_t n, VIGIL_COMMA b VIGIL_COMMA n, b, n)
VIGIL_FD_WRITE(pwrite, VIGIL_COMMA const void *b VIGIL_COMMA size_t n VIGIL_COMMA off_t off,
               VIGIL_COMMA b VIGIL_COMMA n VIGIL_COMMA off, b, n)
VIGIL_FD_WRITE(send, VIGIL_COMMA const void *b VIGIL_COMMA size_t n VIGIL_COMMA int f,
               VIGIL_COMMA b VIGIL_COMMA n VIGIL_COMMA f, b, n)
VIGIL_FD_WRITE(sendto,
               VIGIL_COMMA const void *b VIGIL_COMMA size_t n VIGIL_COMMA int f VIGIL_COMMA const struct sockaddr *sa
                   VIGIL_COMMA socklen_t sl,
               VIGIL_COMMA b VIGIL_COMMA n VIGIL_COMMA f VIGIL_COMMA sa VIGIL_COMMA sl, b, n)
VIGIL_INTERCEPTOR(ssize_t, writev, int fd, const struct iovec *iov, int cnt) {
  if (owner *o = active_owner()) {
    for (int i = 0; i < cnt; i++) check_range(o, iov[i].iov_base, iov[i].iov_len, 0, VIGIL_CALLER_PC);
    release_at(o, fd_key(fd));
  }
  return real_writev(fd, iov, cnt);
}
VIGIL_INTERCEPTOR(ssize_t, sendmsg, int fd, const struct msghdr *msg, int flags) {
  if (owner *o = active_owner()) {
    for (size_t i = 0; i < msg->msg_iovlen; i++)
      check_range(o, msg->msg_iov[i].iov_base, msg->msg_iov[i].iov_len, 0, VIGIL_CALLER_PC);
    release_at(o, fd_key(fd));
  }
  return real_sendmsg(fd, msg, flags);
}

#define VIGIL_FD_READ(name, params, args, buf)                                 \
  VIGIL_INTERCEPTOR(ssize_t, name, int fd params) {                            \
    ssize_t r = real_##name(fd args);                                          \
    if (r >= 0)                                                                \
      if (owner *o = active_owner()) {                                         \
        acquire_at(o, fd_key(fd));                                             \
        check_range(o, buf, static_cast<size_t>(r), k_access_write, VIGIL_CALLER_PC); \
      }                                                                        \
    return r;                                                                  \
  }
VIGIL_FD_READ(read, VIGIL_COMMA void *b VIGIL_COMMA size_t n, VIGIL_COMMA b VIGIL_COMMA n, b)
VIGIL_FD_READ(pread, VIGIL_COMMA void *b VIGIL_COMMA size_t n VIGIL_COMMA off_t off,
              VIGIL_COMMA b VIGIL_COMMA n VIGIL_COMMA off, b)
VIGIL_FD_READ(recv, VIGIL_COMMA void *b VIGIL_COMMA size_t n VIGIL_COMMA int f, VIGIL_COMMA b VIGIL_COMMA n VIGIL_COMMA f, b)
VIGIL_FD_READ(recvfrom,
              VIGIL_COMMA void *b VIGIL_COMMA size_t n VIGIL_COMMA int f VIGIL_COMMA struct sockaddr *sa
                  VIGIL_COMMA socklen_t *sl,
              VIGIL_COMMA b VIGIL_COMMA n VIGIL_COMMA f VIGIL_COMMA sa VIGIL_COMMA sl, b)
VIGIL_INTERCEPTOR(ssize_t, readv, int fd, const struct iovec *iov, int cnt) {
  ssize_t r = real_readv(fd, iov, cnt);
  if (r >= 0)
    if (owner *o = active_owner()) {
      acquire_at(o, fd_key(fd));
      size_t left = static_cast<size_t>(r);
      for (int i = 0; i < cnt && left; i++) {
        size_t n = iov[i].iov_len < left ? iov[i].iov_len : left;
        check_range(o, iov[i].iov_base, n, k_access_write, VIGIL_CALLER_PC);
        left -= n;
      }
    }
  return r;
}
VIGIL_INTERCEPTOR(ssize_t, recvmsg, int fd, struct msghdr *msg, int flags) {
  ssize_t r = real_recvmsg(fd, msg, flags);
  if (r >= 0)
    if (owner *o = active_owner()) {
      acquire_at(o, fd_key(fd));
      size_t left = static_cast<size_t>(r);
      for (size_t i = 0; i < msg->msg_iovlen && left; i++) {
        size_t n = msg->msg_iov[i].iov_len < left ? msg->msg_iov[i].iov_len : left;
        check_range(o, msg->msg_iov[i].iov_base, n, k_access_write, VIGIL_CALLER_PC);
        left -= n;
      }
    }
  return r;
}
// vigil's own descriptors (report files, the symbolizer's pipes:
// base/process.h) survive a program that closes every descriptor (daemons,
// test harnesses): closing one "succeeds" without closing it, and a dup2 onto
// one moves vigil's elsewhere first. The program never gets that number back,
// so no report can end up in a file of its own.
VIGIL_INTERCEPTOR(int, close, int fd) {
  if (::vigil::base::is_reserved_fd(fd)) return 0;
  fd_closed(fd);
  return real_close(fd);
}

namespace {
// close_range without vigil's descriptors: the range in pieces around them.
int close_range_sparing(unsigned first, unsigned last, int flags) {
  if (flags & CLOSE_RANGE_CLOEXEC) return static_cast<int>(syscall(SYS_close_range, first, last, flags));
  int mine[::vigil::base::kMaxReservedFds];
  int n = ::vigil::base::reserved_fds(mine);  // ascending
  int rc = 0;
  unsigned from = first;
  for (int i = 0; i < n && from <= last; i++) {
    unsigned fd = static_cast<unsigned>(mine[i]);
    if (fd < from || fd > last) continue;
    if (fd > from && syscall(SYS_close_range, from, fd - 1, flags) != 0) rc = -1;
    if (fd == ~0u) return rc;
    from = fd + 1;
  }
  if (from <= last && syscall(SYS_close_range, from, last, flags) != 0) rc = -1;
  return rc;
}
}  // namespace

VIGIL_INTERCEPTOR(int, close_range, unsigned first, unsigned last, int flags) {
  return close_range_sparing(first, last, flags);
}
VIGIL_INTERCEPTOR(void, closefrom, int low) {
  if (low < 0) low = 0;
  close_range_sparing(static_cast<unsigned>(low), ~0u, 0);
}
VIGIL_INTERCEPTOR(int, dup2, int old_fd, int new_fd) {
  if (old_fd != new_fd) ::vigil::base::move_reserved_fd(new_fd);
  return real_dup2(old_fd, new_fd);
}
VIGIL_INTERCEPTOR(int, dup3, int old_fd, int new_fd, int flags) {
  if (old_fd != new_fd) ::vigil::base::move_reserved_fd(new_fd);
  return real_dup3(old_fd, new_fd, flags);
}
VIGIL_INTERCEPTOR(int, pipe, int *fds) {
  int rc = real_pipe(fds);
  if (rc == 0) fd_fresh(fds[0], fds[1]);
  return rc;
}
VIGIL_INTERCEPTOR(int, pipe2, int *fds, int flags) {
  int rc = real_pipe2(fds, flags);
  if (rc == 0) fd_fresh(fds[0], fds[1]);
  return rc;
}
VIGIL_INTERCEPTOR(int, socketpair, int d, int t, int p, int *fds) {
  int rc = real_socketpair(d, t, p, fds);
  if (rc == 0) fd_fresh(fds[0], fds[1]);
  return rc;
}
VIGIL_INTERCEPTOR(int, eventfd, unsigned int v, int flags) {
  int fd = real_eventfd(v, flags);
  fd_fresh(fd);
  return fd;
}

// ---- timer_create(SIGEV_THREAD): arming the timer happens before its callback ----
//
// glibc runs the callback on a helper thread the runtime does not see being
// created (adopted at its first access). The callback is wrapped: the
// wrapper acquires what arming the timer (timer_settime) released, then calls
// the program's function. A record per such timer carries the function and
// is the sync object; records are never freed (a callback may still be
// starting after timer_delete) and are found from the timer id for
// timer_settime in a list (few timers, rarely armed, in practice).

namespace {
struct thread_timer {
  void (*fn)(union sigval);
  union sigval value;
  timer_t id;
  thread_timer *next;
};
raw_lock g_timers_mu;
thread_timer *g_timers VIGIL_GUARDED_BY(g_timers_mu);

void thread_timer_fired(union sigval v) {
  auto *t = static_cast<thread_timer *>(v.sival_ptr);
  if (owner *o = active_owner()) acquire_at(o, reinterpret_cast<uintptr_t>(t));
  t->fn(t->value);
}
}  // namespace

VIGIL_INTERCEPTOR(int, timer_create, clockid_t clock, struct sigevent *sev, timer_t *id) {
  if (!sev || sev->sigev_notify != SIGEV_THREAD || !runtime_ready()) return real_timer_create(clock, sev, id);
  auto *t = static_cast<thread_timer *>(internal_calloc(1, sizeof(thread_timer)));
  t->fn = sev->sigev_notify_function;
  t->value = sev->sigev_value;
  struct sigevent mine = *sev;
  mine.sigev_notify_function = thread_timer_fired;
  mine.sigev_value.sival_ptr = t;
  int rc = real_timer_create(clock, &mine, id);
  if (rc != 0) {
    internal_free(t);
    return rc;
  }
  t->id = *id;
  raw_lock_guard l(g_timers_mu);
  t->next = g_timers;
  g_timers = t;
  return rc;
}

VIGIL_INTERCEPTOR(int, timer_settime, timer_t id, int flags, const struct itimerspec *value,
                  struct itimerspec *old) {
  if (owner *o = active_owner()) {
    thread_timer *found = nullptr;
    {
      raw_lock_guard l(g_timers_mu);
      // The newest first: a deleted timer's id may be reused by a new one.
      for (thread_timer *t = g_timers; t && !found; t = t->next)
        if (t->id == id) found = t;
    }
    if (found) release_at(o, reinterpret_cast<uintptr_t>(found));
  }
  return real_timer_settime(id, flags, value, old);
}

// ---- fork: the child starts with one thread and consistent runtime state ----

VIGIL_INTERCEPTOR(pid_t, fork, void) {
  owner *o = runtime_ready() ? cur_owner() : nullptr;
  if (!o) return real_fork();
  pid_t pid;
  {
    runtime_scope rs(o);
    // Take every runtime lock so no other thread holds one across the fork.
    report_lock();
    g_threads_mu.lock();
    g_timers_mu.lock();
    registry_lock();
    sync_lock_all();
    heap_lock_all();
    read_sets_lock_all();
    shadow_dir_lock();
    internal_alloc_lock_all();
    pid = real_fork();
    internal_alloc_unlock_all();
    shadow_dir_unlock();
    read_sets_unlock_all();
    heap_unlock_all();
    sync_unlock_all();
    if (pid == 0) {
      registry_after_fork_child(o);
      sync_after_fork_child();
    }
    registry_unlock();
    g_timers_mu.unlock();
    g_threads_mu.unlock();
    if (pid == 0) ::vigil::base::symbolizer_after_fork_child();
    report_unlock();
  }
  return pid;
}

// ---- mmap: fresh mappings have fresh shadow ----

VIGIL_INTERCEPTOR(void *, mmap, void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = real_mmap(addr, len, prot, flags, fd, off);
  if (p != MAP_FAILED && active_owner()) {
    sync_destroy_range(reinterpret_cast<uintptr_t>(p), len);
    shadow_reset(reinterpret_cast<uintptr_t>(p), len);
  }
  return p;
}
VIGIL_INTERCEPTOR(int, munmap, void *addr, size_t len) {
  if (active_owner()) {
    sync_destroy_range(reinterpret_cast<uintptr_t>(addr), len);
    shadow_reset(reinterpret_cast<uintptr_t>(addr), len);
  }
  return real_munmap(addr, len);
}

// ---- heap ----

namespace {

void on_alloc(void *p, size_t n, uintptr_t pc) {
  if (!p) return;
  owner *o = active_owner();
  if (!o) return;
  runtime_scope rs(o);
  uintptr_t a = reinterpret_cast<uintptr_t>(p);
  // Fresh memory: forget what happened to these bytes in earlier lives.
  shadow_reset(a, malloc_usable_size(p));
  heap_insert(a, n, o->desc->id, owner_stack(o, pc));
}

void on_free(void *p, uintptr_t pc) {
  if (!p) return;
  owner *o = active_owner();
  if (!o) return;
  heap_block_info b;
  bool known;
  {
    runtime_scope rs(o);
    known = heap_remove(reinterpret_cast<uintptr_t>(p), &b);
  }
  if (!known) return;
  // Freeing writes the whole block: an access concurrent with it is a race.
  if (b.size && o->ignore_writes == 0) access_range(o, b.addr, b.size, k_access_write | k_access_free, pc);
  runtime_scope rs(o);
  sync_destroy_range(b.addr, b.size);
}

void *alloc_or_throw(size_t n, uintptr_t pc) {
  void *p = __libc_malloc(n);
  if (!p) std::__throw_bad_alloc();
  on_alloc(p, n, pc);
  return p;
}
void *aligned_alloc_or_throw(size_t n, size_t align, uintptr_t pc) {
  void *p = __libc_memalign(align, n);
  if (!p) std::__throw_bad_alloc();
  on_alloc(p, n, pc);
  return p;
}

}  // namespace

VIGIL_INTERCEPTOR(void *, malloc, size_t n) {
  void *p = __libc_malloc(n);
  on_alloc(p, n, VIGIL_CALLER_PC);
  return p;
}
VIGIL_INTERCEPTOR(void *, calloc, size_t n, size_t size) {
  void *p = __libc_calloc(n, size);
  on_alloc(p, n * size, VIGIL_CALLER_PC);
  return p;
}
VIGIL_INTERCEPTOR(void *, realloc, void *old, size_t n) {
  uintptr_t pc = VIGIL_CALLER_PC;
  if (old == nullptr) {
    void *p = __libc_malloc(n);
    on_alloc(p, n, pc);
    return p;
  }
  on_free(old, pc);
  void *p = __libc_realloc(old, n);
  on_alloc(p, n, pc);
  return p;
}
VIGIL_INTERCEPTOR(void, free, void *p) {
  on_free(p, VIGIL_CALLER_PC);
  __libc_free(p);
}
VIGIL_INTERCEPTOR(void *, memalign, size_t align, size_t n) {
  void *p = __libc_memalign(align, n);
  on_alloc(p, n, VIGIL_CALLER_PC);
  return p;
}
VIGIL_INTERCEPTOR(void *, aligned_alloc, size_t align, size_t n) {
  void *p = __libc_memalign(align, n);
  on_alloc(p, n, VIGIL_CALLER_PC);
  return p;
}
VIGIL_INTERCEPTOR(int, posix_memalign, void **out, size_t align, size_t n) {
  if (align < sizeof(void *) || (align & (align - 1))) return EINVAL;
  void *p = __libc_memalign(align, n);
  if (!p) return ENOMEM;
  on_alloc(p, n, VIGIL_CALLER_PC);
  *out = p;
  return 0;
}
VIGIL_INTERCEPTOR(void *, valloc, size_t n) {
  void *p = __libc_memalign(static_cast<size_t>(sysconf(_SC_PAGESIZE)), n);
  on_alloc(p, n, VIGIL_CALLER_PC);
  return p;
}

// operator new / delete, every variant.
__attribute__((visibility("default"))) void *operator new(size_t n) { return alloc_or_throw(n, VIGIL_CALLER_PC); }
__attribute__((visibility("default"))) void *operator new[](size_t n) { return alloc_or_throw(n, VIGIL_CALLER_PC); }
__attribute__((visibility("default"))) void *operator new(size_t n, const std::nothrow_t &) noexcept {
  void *p = __libc_malloc(n);
  on_alloc(p, n, VIGIL_CALLER_PC);
  return p;
}
__attribute__((visibility("default"))) void *operator new[](size_t n, const std::nothrow_t &) noexcept {
  void *p = __libc_malloc(n);
  on_alloc(p, n, VIGIL_CALLER_PC);
  return p;
}
__attribute__((visibility("default"))) void *operator new(size_t n, std::align_val_t a) {
  return aligned_alloc_or_throw(n, static_cast<size_t>(a), VIGIL_CALLER_PC);
}
__attribute__((visibility("default"))) void *operator new[](size_t n, std::align_val_t a) {
  return aligned_alloc_or_throw(n, static_cast<size_t>(a), VIGIL_CALLER_PC);
}
__attribute__((visibility("default"))) void *operator new(size_t n, std::align_val_t a, const std::nothrow_t &) noexcept {
  void *p = __libc_memalign(static_cast<size_t>(a), n);
  on_alloc(p, n, VIGIL_CALLER_PC);
  return p;
}
__attribute__((visibility("default"))) void *operator new[](size_t n, std::align_val_t a, const std::nothrow_t &) noexcept {
  void *p = __libc_memalign(static_cast<size_t>(a), n);
  on_alloc(p, n, VIGIL_CALLER_PC);
  return p;
}
#define VIGIL_DELETE(...)                                                      \
  __attribute__((visibility("default"))) void __VA_ARGS__ noexcept {           \
    on_free(p, VIGIL_CALLER_PC);                                               \
    __libc_free(p);                                                            \
  }
VIGIL_DELETE(operator delete(void *p))
VIGIL_DELETE(operator delete[](void *p))
VIGIL_DELETE(operator delete(void *p, const std::nothrow_t &))
VIGIL_DELETE(operator delete[](void *p, const std::nothrow_t &))
VIGIL_DELETE(operator delete(void *p, size_t))
VIGIL_DELETE(operator delete[](void *p, size_t))
VIGIL_DELETE(operator delete(void *p, std::align_val_t))
VIGIL_DELETE(operator delete[](void *p, std::align_val_t))
VIGIL_DELETE(operator delete(void *p, std::align_val_t, const std::nothrow_t &))
VIGIL_DELETE(operator delete[](void *p, std::align_val_t, const std::nothrow_t &))
VIGIL_DELETE(operator delete(void *p, size_t, std::align_val_t))
VIGIL_DELETE(operator delete[](void *p, size_t, std::align_val_t))

// ---- memory and string functions: range accesses ----

VIGIL_INTERCEPTOR(void *, memcpy, void *d, const void *s, size_t n) {
  if (VIGIL_UNLIKELY(!g_interceptors_ready)) return fallback_memcpy(d, s, n);
  if (owner *o = active_owner()) {
    check_range(o, s, n, 0, VIGIL_CALLER_PC);
    check_range(o, d, n, k_access_write, VIGIL_CALLER_PC);
  }
  return real::memcpy(d, s, n);
}
VIGIL_INTERCEPTOR(void *, memmove, void *d, const void *s, size_t n) {
  if (VIGIL_UNLIKELY(!g_interceptors_ready)) return fallback_memmove(d, s, n);
  if (owner *o = active_owner()) {
    check_range(o, s, n, 0, VIGIL_CALLER_PC);
    check_range(o, d, n, k_access_write, VIGIL_CALLER_PC);
  }
  return real::memmove(d, s, n);
}
VIGIL_INTERCEPTOR(void *, memset, void *d, int c, size_t n) {
  if (VIGIL_UNLIKELY(!g_interceptors_ready)) return fallback_memset(d, c, n);
  if (owner *o = active_owner()) check_range(o, d, n, k_access_write, VIGIL_CALLER_PC);
  return real::memset(d, c, n);
}
VIGIL_INTERCEPTOR(int, memcmp, const void *a, const void *b, size_t n) {
  int r = real_memcmp(a, b, n);
  if (owner *o = active_owner()) {
    check_range(o, a, n, 0, VIGIL_CALLER_PC);
    check_range(o, b, n, 0, VIGIL_CALLER_PC);
  }
  return r;
}
VIGIL_INTERCEPTOR(int, bcmp, const void *a, const void *b, size_t n) {
  int r = real_bcmp(a, b, n);
  if (owner *o = active_owner()) {
    check_range(o, a, n, 0, VIGIL_CALLER_PC);
    check_range(o, b, n, 0, VIGIL_CALLER_PC);
  }
  return r;
}
VIGIL_INTERCEPTOR(void *, memchr, const void *s, int c, size_t n) {
  void *r = real_memchr(s, c, n);
  if (owner *o = active_owner())
    check_range(o, s, r ? static_cast<size_t>(static_cast<const char *>(r) - static_cast<const char *>(s)) + 1 : n, 0,
                VIGIL_CALLER_PC);
  return r;
}
VIGIL_INTERCEPTOR(size_t, strlen, const char *s) {
  size_t n = real_strlen(s);
  if (owner *o = active_owner()) check_range(o, s, n + 1, 0, VIGIL_CALLER_PC);
  return n;
}
VIGIL_INTERCEPTOR(size_t, strnlen, const char *s, size_t max) {
  size_t n = real_strnlen(s, max);
  if (owner *o = active_owner()) check_range(o, s, n < max ? n + 1 : n, 0, VIGIL_CALLER_PC);
  return n;
}
namespace {
size_t compared_len(const char *a, const char *b, size_t max) {
  size_t i = 0;
  while (i < max && a[i] && a[i] == b[i]) i++;
  return i < max ? i + 1 : max;
}
}  // namespace
VIGIL_INTERCEPTOR(int, strcmp, const char *a, const char *b) {
  int r = real_strcmp(a, b);
  if (owner *o = active_owner()) {
    size_t n = compared_len(a, b, ~size_t{0});
    check_range(o, a, n, 0, VIGIL_CALLER_PC);
    check_range(o, b, n, 0, VIGIL_CALLER_PC);
  }
  return r;
}
VIGIL_INTERCEPTOR(int, strncmp, const char *a, const char *b, size_t max) {
  int r = real_strncmp(a, b, max);
  if (owner *o = active_owner()) {
    size_t n = compared_len(a, b, max);
    check_range(o, a, n, 0, VIGIL_CALLER_PC);
    check_range(o, b, n, 0, VIGIL_CALLER_PC);
  }
  return r;
}
VIGIL_INTERCEPTOR(char *, strcpy, char *d, const char *s) {
  if (owner *o = active_owner()) {
    size_t n = real_strlen(s) + 1;
    check_range(o, s, n, 0, VIGIL_CALLER_PC);
    check_range(o, d, n, k_access_write, VIGIL_CALLER_PC);
  }
  return real_strcpy(d, s);
}
VIGIL_INTERCEPTOR(char *, strncpy, char *d, const char *s, size_t max) {
  if (owner *o = active_owner()) {
    size_t n = real_strnlen(s, max);
    check_range(o, s, n < max ? n + 1 : n, 0, VIGIL_CALLER_PC);
    check_range(o, d, max, k_access_write, VIGIL_CALLER_PC);
  }
  return real_strncpy(d, s, max);
}
VIGIL_INTERCEPTOR(char *, strcat, char *d, const char *s) {
  if (owner *o = active_owner()) {
    size_t dn = real_strlen(d), sn = real_strlen(s) + 1;
    check_range(o, d, dn, 0, VIGIL_CALLER_PC);
    check_range(o, s, sn, 0, VIGIL_CALLER_PC);
    check_range(o, d + dn, sn, k_access_write, VIGIL_CALLER_PC);
  }
  return real_strcat(d, s);
}
VIGIL_INTERCEPTOR(char *, strchr, const char *s, int c) {
  char *r = real_strchr(s, c);
  if (owner *o = active_owner())
    check_range(o, s, r ? static_cast<size_t>(r - s) + 1 : real_strlen(s) + 1, 0, VIGIL_CALLER_PC);
  return r;
}
VIGIL_INTERCEPTOR(char *, strrchr, const char *s, int c) {
  char *r = real_strrchr(s, c);
  if (owner *o = active_owner()) check_range(o, s, real_strlen(s) + 1, 0, VIGIL_CALLER_PC);
  return r;
}
