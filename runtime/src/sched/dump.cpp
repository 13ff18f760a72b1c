// dump.cpp — what the library prints: misuse reports, stack overflows,
// escaped exceptions, the deadlock report and the SIGQUIT task dump.
//
// Stacks of the calling thread come from the unwinder; stacks of parked
// tasks from their saved frame-pointer chain (vigil-clang++ builds keep frame
// pointers). Frames are symbolized by llvm-symbolizer (function, file:line:col)
// run as a child process; without it each frame is printed as module+offset
// with the nearest dynamic symbol, and a note says why.

#include "sched/internal.h"

#include <dlfcn.h>
#include <unwind.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <spawn.h>
#include <sys/ucontext.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace vigil::detail {

namespace {

struct unwind_state {
  std::uintptr_t* pcs;
  int max;
  int skip;
  int n;
};

_Unwind_Reason_Code unwind_one(_Unwind_Context* ctx, void* arg) {
  auto* s = static_cast<unwind_state*>(arg);
  std::uintptr_t pc = _Unwind_GetIP(ctx);
  if (!pc) return _URC_END_OF_STACK;
  if (s->skip > 0) {
    --s->skip;
    return _URC_NO_REASON;
  }
  if (s->n >= s->max) return _URC_END_OF_STACK;
  s->pcs[s->n++] = pc;
  return _URC_NO_REASON;
}

// The library's own module: its frames are left out of reports.
const void* g_self_base = nullptr;
const void* self_base() {
  if (!g_self_base) {
    Dl_info info;
    if (dladdr(reinterpret_cast<const void*>(&self_base), &info)) g_self_base = info.dli_fbase;
  }
  return g_self_base;
}

const char* find_symbolizer() {
  static const char* cached = nullptr;
  static bool looked = false;
  if (looked) return cached;
  looked = true;
  if (const char* env = std::getenv("VIGIL_SYMBOLIZER_PATH"); env && *env) {
    if (access(env, X_OK) == 0) return cached = env;
    std::fprintf(stderr, "vigil: VIGIL_SYMBOLIZER_PATH=%s is not executable\n", env);
    return nullptr;
  }
  static const char* candidates[] = {"/usr/lib/llvm-19/bin/llvm-symbolizer", "/usr/bin/llvm-symbolizer-19",
                                     "/usr/bin/llvm-symbolizer"};
  for (const char* c : candidates)
    if (access(c, X_OK) == 0) return cached = c;
  return nullptr;
}

constexpr int kMaxFrames = 64;
constexpr int kTextSize = 1024;  // per frame: "function file:line:col", inlined frames joined by '\n'

// Runs llvm-symbolizer on one module's offsets; writes "function file:line:col"
// per offset into out[i] (inlined callers on further lines; empty when
// unknown). Returns false if it could not run.
bool symbolize_module(const char* module, const std::uintptr_t* offsets, int n, char (*out)[kTextSize]) {
  const char* tool = find_symbolizer();
  if (!tool) return false;
  int in_pipe[2], out_pipe[2];
  if (pipe(in_pipe) != 0) return false;
  if (pipe(out_pipe) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    return false;
  }
  char obj[4200];
  std::snprintf(obj, sizeof obj, "--obj=%s", module);
  const char* argv[] = {tool, "--inlining=true", "--demangle", "--output-style=LLVM", obj, nullptr};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_addclose(&fa, in_pipe[1]);
  posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
  pid_t pid;
  int rc = posix_spawn(&pid, tool, &fa, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    return false;
  }
  // A few dozen short lines: fits in the pipe buffer, no interleaving needed.
  for (int i = 0; i < n; ++i) {
    char line[32];
    int len = std::snprintf(line, sizeof line, "0x%lx\n", static_cast<unsigned long>(offsets[i]));
    if (write(in_pipe[1], line, static_cast<std::size_t>(len)) != len) break;
  }
  close(in_pipe[1]);
  static char buf[1 << 16];
  std::size_t used = 0;
  for (;;) {
    ssize_t r = read(out_pipe[0], buf + used, sizeof buf - 1 - used);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    used += static_cast<std::size_t>(r);
    if (used == sizeof buf - 1) break;
  }
  buf[used] = 0;
  close(out_pipe[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // Output: per address one or more "function\nfile:line:col\n" pairs
  // (innermost inlined frame first), then an empty line.
  char* p = buf;
  for (int i = 0; i < n && *p; ++i) {
    out[i][0] = 0;
    std::size_t used_out = 0;
    while (*p && *p != '\n') {
      char* fn = p;
      char* nl = std::strchr(fn, '\n');
      if (!nl) break;
      *nl = 0;
      char* loc = nl + 1;
      char* nl2 = std::strchr(loc, '\n');
      if (!nl2) break;
      *nl2 = 0;
      p = nl2 + 1;
      if (std::strcmp(fn, "??") == 0) continue;
      int w = std::strncmp(loc, "??", 2) == 0
                  ? std::snprintf(out[i] + used_out, kTextSize - used_out, "%s%s", used_out ? "\n" : "", fn)
                  : std::snprintf(out[i] + used_out, kTextSize - used_out, "%s%s %s", used_out ? "\n" : "", fn, loc);
      if (w > 0) used_out += static_cast<std::size_t>(w);
      if (used_out >= kTextSize - 1) break;
    }
    while (*p && *p != '\n') ++p;  // rest of a truncated block
    while (*p == '\n') ++p;
  }
  return true;
}

bool g_warned_no_symbolizer = false;

}  // namespace

int capture_stack(std::uintptr_t* pcs, int max, int skip) noexcept {
  unwind_state s{pcs, max, skip + 1, 0};
  _Unwind_Backtrace(unwind_one, &s);
  return s.n;
}

namespace {
// Reports are rare and may come from several threads at once (two misuses):
// one at a time, with static buffers (SIGSEGV runs on a small alternate stack).
raw_lock g_print_lock;
char g_text[kMaxFrames][kTextSize];
char g_res[kMaxFrames][kTextSize];
Dl_info g_infos[kMaxFrames];
}  // namespace

void print_frames(const std::uintptr_t* pcs, int n) noexcept {
  if (n > kMaxFrames) n = kMaxFrames;
  g_print_lock.lock();
  bool have[kMaxFrames];
  bool done[kMaxFrames] = {};
  for (int i = 0; i < n; ++i) {
    g_text[i][0] = 0;
    // Every pc is a return address: look up the call instruction before it.
    have[i] = dladdr(reinterpret_cast<void*>(pcs[i] - 1), &g_infos[i]) != 0;
  }
  bool symbolizer_ok = true;
  for (int i = 0; i < n; ++i) {
    if (done[i] || !have[i]) continue;
    std::uintptr_t offs[kMaxFrames];
    int idx[kMaxFrames];
    int m = 0;
    for (int j = i; j < n; ++j)
      if (!done[j] && have[j] && g_infos[j].dli_fbase == g_infos[i].dli_fbase) {
        offs[m] = pcs[j] - reinterpret_cast<std::uintptr_t>(g_infos[j].dli_fbase) - 1;
        idx[m++] = j;
        done[j] = true;
      }
    for (int k = 0; k < m; ++k) g_res[k][0] = 0;
    if (symbolizer_ok && !symbolize_module(g_infos[i].dli_fname, offs, m, g_res)) symbolizer_ok = false;
    for (int k = 0; k < m; ++k) std::memcpy(g_text[idx[k]], g_res[k], kTextSize);
  }
  if (!symbolizer_ok && !g_warned_no_symbolizer) {
    g_warned_no_symbolizer = true;
    std::fprintf(stderr, "    (llvm-symbolizer not found: install llvm-19 or set VIGIL_SYMBOLIZER_PATH; "
                         "frames shown as module+offset)\n");
  }
  int frame = 0;
  for (int i = 0; i < n; ++i) {
    if (g_text[i][0]) {
      // One line per (inlined) frame, as TSan prints them.
      for (char* line = g_text[i]; line;) {
        char* nl = std::strchr(line, '\n');
        if (nl) *nl = 0;
        std::fprintf(stderr, "    #%d 0x%lx in %s\n", frame++, static_cast<unsigned long>(pcs[i]), line);
        line = nl ? nl + 1 : nullptr;
      }
      continue;
    }
    if (!have[i]) {
      std::fprintf(stderr, "    #%d 0x%lx\n", frame++, static_cast<unsigned long>(pcs[i]));
      continue;
    }
    const char* sym = g_infos[i].dli_sname;
    std::fprintf(stderr, "    #%d 0x%lx in %s (%s+0x%lx)\n", frame++, static_cast<unsigned long>(pcs[i]),
                 sym ? sym : "??", g_infos[i].dli_fname,
                 static_cast<unsigned long>(pcs[i] - reinterpret_cast<std::uintptr_t>(g_infos[i].dli_fbase)));
  }
  g_print_lock.unlock();
}

namespace {

// Drops the library's own frames at the top of a stack.
int skip_self(const std::uintptr_t* pcs, int n) {
  const void* self = self_base();
  int i = 0;
  while (i < n) {
    Dl_info info;
    if (!dladdr(reinterpret_cast<void*>(pcs[i]), &info) || info.dli_fbase != self) break;
    ++i;
  }
  return i < n ? i : 0;
}

void print_current_stack() {
  std::uintptr_t pcs[64];
  int n = capture_stack(pcs, 64, 0);
  int s = skip_self(pcs, n);
  print_frames(pcs + s, n - s);
}

}  // namespace

const char* wait_reason_name(int why) noexcept {
  switch (why) {
    case kWaitChanSend: return "chan send";
    case kWaitChanRecv: return "chan receive";
    case kWaitSelect: return "select";
    case kWaitSelectNoCases: return "select (no cases)";
    case kWaitNilChanSend: return "chan send (nil chan)";
    case kWaitNilChanRecv: return "chan receive (nil chan)";
    case kWaitSleep: return "sleep";
    case kWaitMutex: return "mutex lock";
    case kWaitRWMutexRead: return "rw_mutex lock_shared";
    case kWaitRWMutexWrite: return "rw_mutex lock";
    case kWaitWaitGroup: return "wait_group wait";
    case kWaitOnce: return "once";
    case kWaitBlocking: return "blocking call";
    default: return "running";
  }
}

namespace {

// Walks a parked task's saved frame-pointer chain. The fcontext layout
// (Boost.Context, x86-64 SysV): the saved rbp at +0x30, the return address
// at +0x38.
int task_stack(task* t, std::uintptr_t* pcs, int max) {
  auto* ctx = static_cast<std::uintptr_t*>(t->ctx);
  auto lo = reinterpret_cast<std::uintptr_t>(t->stack_lo);
  auto hi = reinterpret_cast<std::uintptr_t>(t->stack_hi);
  auto c = reinterpret_cast<std::uintptr_t>(ctx);
  if (c < lo || c + 0x40 > hi) return 0;
  int n = 0;
  pcs[n++] = ctx[7];
  std::uintptr_t fp = ctx[6];
  while (n < max && fp >= lo && fp + 16 <= hi && (fp & 7) == 0) {
    auto* frame = reinterpret_cast<std::uintptr_t*>(fp);
    std::uintptr_t ret = frame[1];
    if (!ret) break;
    pcs[n++] = ret;
    if (frame[0] <= fp) break;
    fp = frame[0];
  }
  return n;
}

void print_creator(task* t) {
  if (!t->creator_pc) return;
  std::fprintf(stderr, "  created by vigil::go at:\n");
  std::uintptr_t pc = reinterpret_cast<std::uintptr_t>(t->creator_pc);
  print_frames(&pc, 1);
}

struct dump_args {
  bool only_parked;
  std::int64_t now;
  int printed;
};

void dump_task(task* t, void* arg) {
  auto* a = static_cast<dump_args*>(arg);
  int state = t->state.load(std::memory_order_acquire);
  if (a->only_parked && state != kTaskParked) return;
  int why = t->why.load(std::memory_order_relaxed);
  const char* what = state == kTaskRunnable ? "runnable" : state == kTaskRunning ? "running" : wait_reason_name(why);
  long ms = state == kTaskParked ? static_cast<long>((a->now - t->wait_since) / 1000000) : 0;
  if (state == kTaskParked)
    std::fprintf(stderr, "task %llu [%s, %ld ms]:\n", static_cast<unsigned long long>(t->id), what, ms);
  else
    std::fprintf(stderr, "task %llu [%s]:\n", static_cast<unsigned long long>(t->id), what);
  if (state == kTaskParked || state == kTaskRunnable) {
    std::uintptr_t pcs[48];
    int n = task_stack(t, pcs, 48);
    int s = skip_self(pcs, n);
    print_frames(pcs + s, n - s);
  }
  print_creator(t);
  std::fprintf(stderr, "\n");
  a->printed++;
}

}  // namespace

void print_threads_parked(std::int64_t now) noexcept;  // scheduler.cpp
void print_scheduler_state() noexcept;                 // scheduler.cpp

void print_all_tasks(bool only_parked) noexcept {
  dump_args a{only_parked, coarse_now_ns(), 0};
  for_each_task(dump_task, &a);
  print_threads_parked(a.now);
}

void misuse(const char* message) noexcept {
  std::fflush(stdout);
  std::fprintf(stderr, "WARNING: vigil: %s\n", message);
  print_current_stack();
  if (task* t = current_task()) {
    std::fprintf(stderr, "  in task %llu\n", static_cast<unsigned long long>(t->id));
    print_creator(t);
  }
  std::fflush(stderr);
  _exit(kReportExitCode);
}

void task_exception(const char* what) noexcept {
  std::fflush(stdout);
  task* t = current_task();
  std::fprintf(stderr, "WARNING: vigil: exception escaped task %llu: %s\n",
               static_cast<unsigned long long>(t ? t->id : 0), what ? what : "(not a std::exception)");
  if (t) print_creator(t);
  std::fflush(stderr);
  std::abort();
}

void report_stack_overflow(task* t) noexcept {
  std::fflush(stdout);
  std::fprintf(stderr,
               "WARNING: vigil: stack overflow in task %llu (stack size %zu bytes; raise VIGIL_STACK_SIZE)\n",
               static_cast<unsigned long long>(t->id), task_stack_size());
  print_creator(t);
  std::fflush(stderr);
  _exit(kReportExitCode);
}

int strip_library_frames(const std::uintptr_t* pcs, int n) noexcept { return skip_self(pcs, n); }

// ---------------------------------------------------------------------------
// Signals: SIGQUIT dumps every task (and exits 2, as Go); SIGSEGV on a task's
// guard page is a stack overflow.
namespace {

struct sigaction g_old_segv;

void on_sigquit(int) {
  std::fprintf(stderr, "SIGQUIT: vigil task dump\n\n");
  print_scheduler_state();
  print_all_tasks(false);
  std::fflush(stderr);
  _exit(2);
}

void on_segv(int sig, siginfo_t* info, void* uc) {
  if (task* t = task_of_guard_address(info->si_addr)) report_stack_overflow(t);
  // Without guard pages an overflow runs through the memory below the
  // stack until it faults somewhere: the task's stack pointer tells.
  if (machine* m = this_machine(); m && m->cur) {
    task* t = m->cur;
    auto sp = static_cast<std::uintptr_t>(static_cast<ucontext_t*>(uc)->uc_mcontext.gregs[REG_RSP]);
    if (sp < reinterpret_cast<std::uintptr_t>(t->stack_lo) + 256 || sp >= reinterpret_cast<std::uintptr_t>(t->stack_hi))
      if (sp + (1u << 20) > reinterpret_cast<std::uintptr_t>(t->stack_lo)) report_stack_overflow(t);
  }
  // Not ours: hand over to whatever was there before.
  if (g_old_segv.sa_flags & SA_SIGINFO) {
    if (g_old_segv.sa_sigaction) {
      g_old_segv.sa_sigaction(sig, info, uc);
      return;
    }
  } else if (g_old_segv.sa_handler != SIG_DFL && g_old_segv.sa_handler != SIG_IGN) {
    g_old_segv.sa_handler(sig);
    return;
  }
  signal(SIGSEGV, SIG_DFL);  // re-executing the access faults again, fatally
}

}  // namespace

void install_signal_handlers() noexcept {
  struct sigaction old;
  if (sigaction(SIGQUIT, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
    struct sigaction sa{};
    sa.sa_handler = on_sigquit;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGQUIT, &sa, nullptr);
  }
  if (sigaction(SIGSEGV, nullptr, &g_old_segv) == 0) {
    struct sigaction sa{};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, nullptr);
  }
}

}  // namespace vigil::detail
