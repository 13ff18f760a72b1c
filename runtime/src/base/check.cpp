// check.cpp — raw output and internal errors (check.h).
#include "check.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace vigil::base {

void raw_write(int fd, const char *buf, size_t len) noexcept {
  if (fd < 0) return;
  while (len > 0) {
    long n = syscall(SYS_write, fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    buf += n;
    len -= static_cast<size_t>(n);
  }
}

void raw_write_str(int fd, const char *s) noexcept {
  size_t n = 0;
  while (s[n]) n++;
  raw_write(fd, s, n);
}

[[noreturn]] static void die() noexcept {
  syscall(SYS_exit_group, kInternalErrorExitStatus);
  __builtin_unreachable();
}

void fatal(const char *message) noexcept {
  raw_write_str(2, "vigil: internal error: ");
  raw_write_str(2, message);
  raw_write_str(2, "\n");
  die();
}

void check_failed(const char *cond, const char *file, int line) noexcept {
  char digits[12];
  int n = 0;
  unsigned v = line > 0 ? static_cast<unsigned>(line) : 0;
  do {
    digits[sizeof digits - 1 - n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v && n < static_cast<int>(sizeof digits));
  raw_write_str(2, "vigil: internal error: CHECK failed: ");
  raw_write_str(2, cond);
  raw_write_str(2, " at ");
  raw_write_str(2, file);
  raw_write_str(2, ":");
  raw_write(2, digits + sizeof digits - n, static_cast<size_t>(n));
  raw_write_str(2, "\n");
  die();
}

}  // namespace vigil::base
