// dump.cpp — what the library reports: misuse, stack overflows, escaped
// exceptions, the global deadlock, and the SIGQUIT task dump.
//
// Every one goes through vigil's one report path (report/report.h): the
// library describes what it knows — the stack of the calling thread from the
// unwinder, a parked task's from its saved frame-pointer chain (vigil-clang++
// builds keep frame pointers), the tasks involved — and report/ symbolizes,
// formats, suppresses and writes it to the process's sinks (stderr or
// log_path, report_dir's JSON lines), with the process's exit status.

#include <vigil/detail/events.h>
#include "sched/internal.h"

#include <dlfcn.h>
#include <unwind.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

#include "base/options.h"
#include "base/process.h"
#include "base/suppressions.h"
#include "report/format.h"
#include "report/report.h"

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

}  // namespace

int capture_stack(std::uintptr_t* pcs, int max, int skip) noexcept {
  unwind_state s{pcs, max, skip + 1, 0};
  _Unwind_Backtrace(unwind_one, &s);
  return s.n;
}

// Drops the library's own frames at the top of a stack.
int skip_library_frames(const std::uintptr_t* pcs, int n) noexcept {
  const void* self = self_base();
  int i = 0;
  while (i < n) {
    Dl_info info;
    if (!dladdr(reinterpret_cast<void*>(pcs[i]), &info) || info.dli_fbase != self) break;
    ++i;
  }
  return i < n ? i : 0;
}


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

using base::dyn_text;
using report::actor;
using report::actor_desc;
using report::actor_kind;
using report::report_desc;
using report::section_desc;

}  // namespace

// Walks a parked task's saved frame-pointer chain. The fcontext layout
// (Boost.Context, x86-64 SysV): the saved rbp at +0x30, the return address
// at +0x38.
int task_stack(task* t, std::uintptr_t* pcs, int max) noexcept {
  auto* ctx = static_cast<std::uintptr_t*>(t->ctx);
  auto lo = reinterpret_cast<std::uintptr_t>(t->stack_lo);
  auto hi = reinterpret_cast<std::uintptr_t>(t->stack_hi);
  auto c = reinterpret_cast<std::uintptr_t>(ctx);
  if (c < lo || c + 0x40 > hi) return 0;
  // A task that never ran has make_fcontext's initial frame, not a switch
  // out of the library: it has no stack yet.
  Dl_info info;
  if (!dladdr(reinterpret_cast<void*>(ctx[7]), &info) || info.dli_fbase != self_base()) return 0;
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

namespace {

// Who is running this code: a task, the main thread or another thread.
actor current_actor() {
  if (task* t = current_task()) return {actor_kind::task, t->id};
  auto tid = static_cast<pid_t>(syscall(SYS_gettid));
  if (tid == getpid()) return {actor_kind::main, 0};
  return {actor_kind::os_thread, static_cast<std::uint64_t>(tid)};
}

// A task as a report's participant: its state, and where vigil::go was
// called (the library keeps that one frame; the detector, when linked, names
// the task with its whole creation stack in its own reports).
}  // namespace

void describe_task(task* t, actor_desc* a, std::int64_t now, creation_frames* frames) noexcept {
  a->who = {actor_kind::task, t->id};
  int state = t->state.load(std::memory_order_acquire);
  a->state = state == kTaskRunnable ? "runnable" : state == kTaskParked ? "blocked" : "running";
  if (state == kTaskParked) {
    a->blocked_in = wait_reason_name(t->why.load(std::memory_order_relaxed));
    a->blocked_ms = (now - t->wait_since) / 1000000;
  }
  a->creation = {reinterpret_cast<const std::uintptr_t*>(&t->creator_pc), t->creator_pc ? 1u : 0u};
  // Under detection the detector knows the whole creation stack; asked only
  // while the task cannot end under us (its state lives until it does).
  const vigil_event_hooks* h = event_hooks();
  bool stays = state == kTaskParked || state == kTaskRunnable || t == current_task();
  if (h && frames && stays && t->detector_state) {
    std::size_t n = h->creation_stack(t->detector_state, frames->pcs, creation_frames::kMax);
    if (n) a->creation = {frames->pcs, n};
  }
}

namespace {

// The calling thread's stack without the library's own frames.
struct current_stack {
  std::uintptr_t pcs[64];
  int n = 0, skip = 0;
  current_stack() {
    n = capture_stack(pcs, 64, 1);
    skip = skip_library_frames(pcs, n);
  }
  report::stack st() const { return {pcs + skip, static_cast<std::size_t>(n - skip)}; }
};

// A fatal report: it ends the program even when it is suppressed (the
// program cannot go on), with the findings' exit status.
[[noreturn]] void submit_fatal(const report_desc& r) noexcept {
  std::fflush(stdout);
  if (!report::submit(r)) {
    dyn_text t;
    t.str("vigil: ").str(r.kind).str(" (report suppressed) ends the program: it cannot continue\n");
    base::raw_write(2, t.c_str(), t.size());
  }
  report::finish_and_exit(report::findings_exit_status());
}

}  // namespace

void misuse(const char* message) noexcept { misuse_explained(message, nullptr); }

namespace {
[[noreturn]] void misuse_report(const char* kind, const char* note, const char* earlier_what,
                                const earlier_op* earlier) noexcept {
  current_stack cs;
  actor who = current_actor();
  dyn_text heading, earlier_heading;
  heading.str("In ");
  report::actor_name(heading, who);
  section_desc sections[2];
  sections[0] = {"misuse", heading.c_str(), who, cs.st()};
  std::size_t nsections = 1;
  if (earlier) {
    actor by = earlier->task_id ? actor{actor_kind::task, earlier->task_id}
               : earlier->tid == getpid() ? actor{actor_kind::main, 0}
               : earlier->tid > 0         ? actor{actor_kind::os_thread, static_cast<std::uint64_t>(earlier->tid)}
                                          : actor{};
    earlier_heading.str(earlier_what);
    if (by.kind != actor_kind::none) {
      earlier_heading.str(" by ");
      report::actor_name(earlier_heading, by);
    }
    earlier_heading.str(" at");
    sections[nsections++] = {"earlier", earlier_heading.c_str(), by,
                             {earlier->pcs, static_cast<std::size_t>(earlier->n)}};
  }
  report_desc r;
  r.kind = kind;
  r.note = note;
  r.suppression = report::suppression_kind::misuse;
  r.sections = sections;
  r.nsections = nsections;
  actor_desc task_desc;
  creation_frames frames;
  if (task* t = current_task()) {
    describe_task(t, &task_desc, coarse_now_ns(), &frames);
    r.actors = &task_desc;
    r.nactors = 1;
  }
  submit_fatal(r);
}
}  // namespace

void misuse_explained(const char* kind, const char* note) noexcept { misuse_report(kind, note, nullptr, nullptr); }

void misuse_after(const char* kind, const char* what, const earlier_op* op) noexcept {
  misuse_report(kind, nullptr, what, op);
}

void current_actor_ids(std::uint64_t* task_id, int* tid) noexcept {
  static thread_local int t_tid = 0;
  task* t = current_task();
  *task_id = t ? t->id : 0;
  if (!t_tid) t_tid = static_cast<int>(syscall(SYS_gettid));
  *tid = t_tid;
}

void task_exception(const char* what) noexcept {
  std::fflush(stdout);
  task* t = current_task();
  dyn_text note;
  note.str("Task ").dec(t ? t->id : 0).str(" ended by an exception: ").str(what ? what : "(not a std::exception)");
  report_desc r;
  r.kind = "exception escaped a task";
  r.suppression = report::suppression_kind::misuse;
  r.note = note.c_str();
  actor_desc task_desc;
  creation_frames frames;
  if (t) {
    describe_task(t, &task_desc, coarse_now_ns(), &frames);
    r.actors = &task_desc;
    r.nactors = 1;
  }
  // As an exception escaping a thread's function: the program ends
  // abnormally (after the report, which the sinks already hold).
  report::submit(r);
  std::abort();
}

void report_stack_overflow(task* t) noexcept {
  dyn_text note;
  note.str("Task ").dec(t->id).str(" overflowed its stack of ").dec(task_stack_size())
      .str(" bytes (raise VIGIL_STACK_SIZE).");
  report_desc r;
  r.kind = "stack overflow in task";
  r.suppression = report::suppression_kind::misuse;
  r.note = note.c_str();
  actor_desc task_desc;
  describe_task(t, &task_desc, coarse_now_ns());  // (an overflowed stack: its one frame only)
  task_desc.state = "running";
  r.actors = &task_desc;
  r.nactors = 1;
  submit_fatal(r);
}

namespace {

// Participants of a global deadlock or a dump: every task (parked ones only
// for a deadlock) and every parked thread, with where each one is now.
constexpr std::size_t kMaxListed = 64;  // a report stays readable; the note gives the total

constexpr std::size_t kObjectText = 200;

struct participants {
  actor_desc descs[kMaxListed];
  std::uintptr_t where[kMaxListed][48];
  char objects[kMaxListed][kObjectText];  // what each one waits on
  creation_frames creations[kMaxListed];
  std::size_t n = 0;
  std::size_t total = 0;
  bool only_parked = false;
  std::int64_t now = 0;
};

// The object participant p->n waits on, into p->objects (a copy: the
// report outlives the text it was built in).
void name_object(participants* p, int why, const void* object, std::uint64_t waiter) {
  dyn_text t;
  const void* made_at;
  if (!describe_wait_object(why, object, t, &made_at, waiter)) return;
  std::size_t n = t.size() < kObjectText - 1 ? t.size() : kObjectText - 1;
  std::memcpy(p->objects[p->n], t.c_str(), n);
  p->objects[p->n][n] = 0;
  p->descs[p->n].waits_on = p->objects[p->n];
}

void add_task(task* t, void* arg) {
  auto* p = static_cast<participants*>(arg);
  int state = t->state.load(std::memory_order_acquire);
  if (state == kTaskFree || (p->only_parked && state != kTaskParked)) return;
  p->total++;
  if (p->n == kMaxListed) return;
  actor_desc& a = p->descs[p->n];
  describe_task(t, &a, p->now, &p->creations[p->n]);
  if (state == kTaskParked) name_object(p, t->why.load(std::memory_order_relaxed), t->wait_object, t->id);
  if (state == kTaskParked || state == kTaskRunnable) {
    int n = task_stack(t, p->where[p->n], 48);
    int s = skip_library_frames(p->where[p->n], n);
    a.where = {p->where[p->n] + s, static_cast<std::size_t>(n - s)};
  }
  p->n++;
}

void add_thread(const parked_thread& th, void* arg) {
  auto* p = static_cast<participants*>(arg);
  p->total++;
  if (p->n == kMaxListed) return;
  actor_desc& a = p->descs[p->n];
  a.who = th.tid == getpid() ? actor{actor_kind::main, 0}
                             : actor{actor_kind::os_thread, static_cast<std::uint64_t>(th.tid)};
  a.tid = th.tid;
  a.state = "blocked";
  a.blocked_in = wait_reason_name(th.why);
  a.blocked_ms = (p->now - th.since) / 1000000;
  name_object(p, th.why, th.object, th.id);
  int n = th.npcs < 48 ? th.npcs : 48;
  for (int i = 0; i < n; ++i) p->where[p->n][i] = th.pcs[i];
  int s = skip_library_frames(p->where[p->n], n);
  a.where = {p->where[p->n] + s, static_cast<std::size_t>(n - s)};
  p->n++;
}

participants* gather(bool only_parked) {
  // Large (64 stacks): on vigil's heap, not on a signal handler's stack.
  auto* p = new (base::internal_calloc(1, sizeof(participants))) participants();
  p->only_parked = only_parked;
  p->now = coarse_now_ns();
  for_each_task(add_task, p);
  for_each_parked_thread(add_thread, p);
  return p;
}

}  // namespace

void report_global_deadlock() noexcept {
  participants* p = gather(true);
  dyn_text note;
  note.str("Every task and thread that uses vigil is blocked and no timer is pending: ").dec(p->total)
      .str(p->total == 1 ? " participant" : " participants");
  if (p->total > p->n) note.str(", the first ").dec(p->n).str(" listed");
  note.chr('.');
  report_desc r;
  r.kind = "all tasks are asleep - deadlock";
  r.suppression = report::suppression_kind::deadlock;
  r.note = note.c_str();
  r.actors = p->descs;
  r.nactors = p->n;
  submit_fatal(r);
}

void dump_all_tasks() noexcept {
  participants* p = gather(false);
  dyn_text t;
  t.str("SIGQUIT: vigil task dump\n\n");
  describe_scheduler(t);
  for (std::size_t i = 0; i < p->n; ++i) {
    const actor_desc& a = p->descs[i];
    t.str(a.who.kind == actor_kind::task ? "task " : "thread ").dec(a.who.kind == actor_kind::task ? a.who.id : static_cast<std::uint64_t>(a.tid));
    if (a.who.kind == actor_kind::main) t.str(" (main)");
    t.str(" [").str(a.blocked_in ? a.blocked_in : a.state);
    if (a.blocked_ms >= 0) t.str(", ").dec(static_cast<std::uint64_t>(a.blocked_ms)).str(" ms");
    t.str("]:\n");
    report::stack_text where, creation;
    report::symbolize_stack(a.where.pcs, a.where.n, &where);
    if (where.n) report::write_stack_text(t, where);
    if (a.creation.n) {
      report::symbolize_stack(a.creation.pcs, a.creation.n, &creation);
      t.str("  created by vigil::go at:\n");
      report::write_stack_text(t, creation);
    }
    t.chr('\n');
  }
  if (p->total > p->n) t.str("... and ").dec(p->total - p->n).str(" more\n");
  report::write_text(t.c_str(), t.size());
}

// Options and suppressions are read when the library is loaded, so a bad
// VIGIL_OPTIONS stops a --no-detect program at start too (exit status 2).
__attribute__((constructor)) static void library_reports_init() {
  base::init_options_from_env();
  base::process_bind();
  base::suppressions_init();
  report::process_started(false);
  atexit([] {
    report::process_ending(false);
    report::exit_status_at_exit_without_detector();
  });
}

// ---------------------------------------------------------------------------
// Signals: SIGQUIT dumps every task (and exits 2, as Go); SIGSEGV on a task's
// guard page is a stack overflow.
namespace {

struct sigaction g_old_segv;

void on_sigquit(int) {
  dump_all_tasks();
  report::finish_and_exit(2);  // Go's status after its SIGQUIT dump
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
