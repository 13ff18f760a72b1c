// process.cpp — binding every copy of base/ to one process_state (process.h).
#include "process.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <initializer_list>

#include "check.h"

// This link unit's instance; process() may choose another one's. Constant-
// initialized: usable before any constructor has run.
extern "C" __attribute__((visibility("default"))) vigil::base::process_state __vigil_process_state = {
    .layout = sizeof(vigil::base::process_state) << 8 | 2,
    .report_mu = {},
    .reports = 0,
    .repeats = 0,
    .text_fd = 2,
    .json_fd = -1,
    .sinks_open = false,
    .sinks_pid = 0,
    .started_pid = 0,
    .detector_started = false,
    .stderr_at_start = 0,
    .summaries = {},
    .summary_epochs = {},
    .leak_epoch = 0,
    .seen = {},
    .nseen = 0,
    .sym_mu = {},
    .to_sym = -1,
    .from_sym = -1,
    .sym_pid = 0,
    .sym_parent = 0,
    .sym_failed = false,
};

namespace vigil::base {
namespace {
using ::vigil::detail::raw_lock_guard;

process_state *g_process;  // atomic: set once, to the same value by every caller

process_state *bind() {
  // RTLD_DEFAULT searches the global scope in load order: every copy of this
  // code finds the same, first-loaded instance. (dlsym cannot fail to find a
  // symbol this very module defines, unless the module was loaded
  // RTLD_LOCAL; then it keeps its own.)
  auto *p = static_cast<process_state *>(dlsym(RTLD_DEFAULT, "__vigil_process_state"));
  if (!p) p = &__vigil_process_state;
  if (p->layout != __vigil_process_state.layout)
    fatal("two different vigil runtimes are loaded in this process (libvigil.so and libvigil_detect.so "
          "come from different builds)");
  __atomic_store_n(&g_process, p, __ATOMIC_RELEASE);
  return p;
}

}  // namespace

process_state &process() {
  process_state *p = __atomic_load_n(&g_process, __ATOMIC_ACQUIRE);
  return p ? *p : *bind();
}

void process_bind() {
  process_state &ps = process();
  int unknown = 0;
  int now = syscall(SYS_fcntl, 2, F_GETFD) >= 0 ? 1 : 2;
  __atomic_compare_exchange_n(&ps.stderr_at_start, &unknown, now, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

namespace {
// The lowest number reserved_fd uses: a little below the soft descriptor
// limit (most programs never get there), at most 1 << 20.
int reserved_floor() {
  struct rlimit rl;
  long limit = syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl) == 0 ? static_cast<long>(rl.rlim_cur) : 1024;
  if (limit > (1 << 20)) limit = 1 << 20;
  long floor = limit - 64;
  return floor < 10 ? 10 : static_cast<int>(floor);
}
}  // namespace

int reserved_fd(int fd) {
  if (fd < 0) return fd;
  int high = static_cast<int>(syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, reserved_floor()));
  if (high < 0) return fd;
  syscall(SYS_close, fd);
  return high;
}

// Read without their locks (relaxed): a close of a descriptor vigil is
// opening at that very moment is not protected, one it has is.
int reserved_fds(int out[kMaxReservedFds]) VIGIL_NO_TSA {
  process_state &ps = process();
  int n = 0;
  for (const int *f : {&ps.text_fd, &ps.json_fd, &ps.to_sym, &ps.from_sym}) {
    int fd = __atomic_load_n(f, __ATOMIC_RELAXED);
    if (fd < 0 || (f == &ps.text_fd && fd == 2)) continue;  // stderr is the program's
    int k = n++;
    for (; k > 0 && out[k - 1] > fd; k--) out[k] = out[k - 1];
    out[k] = fd;
  }
  return n;
}

bool is_reserved_fd(int fd) {
  if (fd < 0) return false;
  int mine[kMaxReservedFds];
  int n = reserved_fds(mine);
  for (int i = 0; i < n; i++)
    if (mine[i] == fd) return true;
  return false;
}

bool move_reserved_fd(int fd) VIGIL_NO_TSA {
  if (!is_reserved_fd(fd)) return false;
  process_state &ps = process();
  // Under both locks: no report or symbolizer query is writing to it.
  raw_lock_guard r(ps.report_mu);
  raw_lock_guard s(ps.sym_mu);
  int moved = static_cast<int>(syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, reserved_floor()));
  if (moved < 0) return false;
  for (int *f : {&ps.text_fd, &ps.json_fd, &ps.to_sym, &ps.from_sym})
    if (*f == fd) __atomic_store_n(f, moved, __ATOMIC_RELAXED);
  syscall(SYS_close, fd);
  return true;
}

}  // namespace vigil::base
