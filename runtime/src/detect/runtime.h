// runtime.h — start-up and shutdown of the detector runtime.
#pragma once

#include "owner.h"

namespace vigil::detect {

// Idempotent and safe to call from anywhere: from the runtime's constructor,
// from an instrumented module's constructor, and from the first access or
// intercepted call that comes earlier still (owner_adopt_current_thread).
// The first caller starts the runtime; a caller that finds it starting (its
// own start-up reaching an interceptor, or another thread) returns at once
// with the runtime not ready.
void runtime_init();
// Set (release) once start-up is complete; never cleared.
extern bool g_runtime_ready;
VIGIL_ALWAYS_INLINE bool runtime_ready() { return __atomic_load_n(&g_runtime_ready, __ATOMIC_ACQUIRE); }

// Threads never joined nor detached, created under leak epoch `since` or
// later (0: all), not reported before: reported, grouped by creation stack
// (at exit, and by a test's leak check: vigil::check_leaks with a mark).
// o is the checking thread's owner (never its own leak). Returns how many.
size_t report_thread_leaks(owner *o, uint64_t since);

// A thread the runtime did not see being created got owner o (its end will
// free o's slot; its stack, possibly a dead thread's, is forgotten).
void thread_adopted(owner *o);

// Is pc inside the detector runtime's own code (libvigil_detect)? Its own
// calls of intercepted functions are never checked as the program's
// accesses, and an access made there is never reported as a race.
extern uintptr_t g_runtime_text_lo, g_runtime_text_hi;
VIGIL_ALWAYS_INLINE bool pc_in_runtime(uintptr_t pc) { return pc - g_runtime_text_lo < g_runtime_text_hi - g_runtime_text_lo; }

// Records the calling thread's stack (and static TLS) range in d, for
// "Location is stack of thread T" and for resetting reused stacks.
// Subscribes to the task library's events (tasks.cpp), if the library is loaded.
void tasks_attach();
// The thread owner of the calling worker while it runs a task; null on a
// thread that never ran one (tasks.cpp).
owner *task_host_owner();

bool record_thread_stack(owner_desc *d);

// Signal handlers of o whose trampoline frames lie below stack pointer sp
// were left by a jump (longjmp out of the handler): their accounting is
// undone (signals.cpp).
void owner_leave_frames_below(owner *o, uintptr_t sp);

// Real libc functions, resolved at init (interceptors.cpp).
namespace real {
extern void *(*memcpy)(void *, const void *, size_t);
extern void *(*memmove)(void *, const void *, size_t);
extern void *(*memset)(void *, int, size_t);
}  // namespace real
void interceptors_init();
// The next definition of `name` after this module (the C library's; with
// `version`, that symbol version): lookup_real returns null if there is none,
// resolve_real stops the program with a message (interceptors.cpp).
void *lookup_real(const char *name, const char *version);
void *resolve_real(const char *name, const char *version);

// While alive, the current thread runs runtime code: interceptors pass
// through and accesses are not checked.
class runtime_scope {
 public:
  explicit runtime_scope(owner *o) : o_(o) {
    o_->in_runtime++;
    o_->ignore_reads++;
    o_->ignore_writes++;
  }
  ~runtime_scope() {
    o_->in_runtime--;
    o_->ignore_reads--;
    o_->ignore_writes--;
  }
  runtime_scope(const runtime_scope &) = delete;
  runtime_scope &operator=(const runtime_scope &) = delete;

 private:
  owner *o_;
};

}  // namespace vigil::detect
