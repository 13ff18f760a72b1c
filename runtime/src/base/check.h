// check.h — what both link units (libvigil.so and libvigil_detect.so) need
// before anything else: raw output and internal-error checks. Compiled into
// each of them; stateless, so two copies in one process behave as one.
//
// Raw output is the write system call itself: no stdio (whose locks and
// buffers belong to the program, and may be in any state when vigil has to
// speak), no interceptor.
#ifndef VIGIL_BASE_CHECK_H
#define VIGIL_BASE_CHECK_H

#include <stddef.h>

namespace vigil::base {

// Writes all of buf to fd (retrying short writes and EINTR); gives up
// silently on any other error: there is nobody left to tell.
void raw_write(int fd, const char *buf, size_t len) noexcept;
void raw_write_str(int fd, const char *s) noexcept;

// The exit status of a process that vigil itself cannot continue (EX_SOFTWARE).
constexpr int kInternalErrorExitStatus = 70;

// "vigil: internal error: <message>" on stderr, then the process exits with
// kInternalErrorExitStatus (exit_group: no atexit handler of the program
// runs on state vigil has just found broken).
[[noreturn]] void fatal(const char *message) noexcept;
[[noreturn]] void check_failed(const char *cond, const char *file, int line) noexcept;

}  // namespace vigil::base

// Internal invariants: always on. A user's mistake is never a CHECK: it gets a
// report or an option error.
#define VIGIL_CHECK(c)                                                          \
  do {                                                                          \
    if (__builtin_expect(!(c), 0)) ::vigil::base::check_failed(#c, __FILE__, __LINE__); \
  } while (0)
#ifdef NDEBUG
#define VIGIL_DCHECK(c) ((void)0)
#else
#define VIGIL_DCHECK(c) VIGIL_CHECK(c)
#endif

#endif  // VIGIL_BASE_CHECK_H
