// report.cpp — formatting a report description, and the process's one sink.
//
// Reports are rare and may be slow: they symbolize, allocate (internal
// memory) and serialize on the process's report lock. Each is composed
// completely, then written as one block to the text sink and one line to the
// JSON sink.
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <new>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../base/options.h"
#include "../base/process.h"
#include "format.h"

extern "C" char *program_invocation_name;

namespace vigil::report {
namespace {

using base::g_options;
using base::process;
using base::process_state;
using base::raw_write;
using base::raw_write_str;
using base::text_buffer;
using ::vigil::detail::raw_lock_guard;

// Keys in seen are ordered (a <= b): a report's two accesses in either order
// are one report.
bool in_seen(const process_state &ps, uintptr_t a, uintptr_t b) VIGIL_REQUIRES(ps.report_mu) {
  for (size_t i = 0; i < ps.nseen; i++)
    if (ps.seen[i][0] == a && ps.seen[i][1] == b) return true;
  return false;
}

bool seen_before(process_state &ps, uintptr_t a, uintptr_t b) VIGIL_REQUIRES(ps.report_mu) {
  if (a == 0 && b == 0) return false;
  if (a > b) {
    uintptr_t t = a;
    a = b;
    b = t;
  }
  if (in_seen(ps, a, b)) return true;
  if (ps.nseen < process_state::kSeen) {
    ps.seen[ps.nseen][0] = a;
    ps.seen[ps.nseen][1] = b;
    ps.nseen++;
  }
  return false;
}

// "vigil: cannot open log_path '/x/y.123' (No such file or directory); reports
// go to stderr" — the reason is errno's description (strerrordesc_np: no
// locale, no allocation).
void say_cannot_open(const char *what, const char *path, int err, const char *consequence) {
  char msg[1200];
  text_buffer t(msg, sizeof msg);
  const char *why = strerrordesc_np(err);
  t.str("vigil: cannot open ").str(what).str(" '").str(path).str("' (").str(why ? why : "unknown error")
      .str("); ").str(consequence).chr('\n');
  raw_write(2, t.c_str(), t.size());
}

// Opened at the first report (a program that closes its descriptors before
// that loses nothing), reopened under its own pid in a forked child.
void open_sinks(process_state &ps) VIGIL_REQUIRES(ps.report_mu) {
  int pid = static_cast<int>(syscall(SYS_getpid));
  if (ps.sinks_open && ps.sinks_pid == pid) return;
  if (ps.sinks_open) {  // a forked child: the parent's files stay the parent's
    if (ps.text_fd != 2 && ps.text_fd >= 0) syscall(SYS_close, ps.text_fd);
    if (ps.json_fd >= 0) syscall(SYS_close, ps.json_fd);
    __atomic_store_n(&ps.json_fd, -1, __ATOMIC_RELAXED);
  }
  ps.sinks_open = true;
  ps.sinks_pid = pid;
  // A program that started with stderr closed has no stderr: a later fd 2 is
  // one of its own files.
  bool has_stderr = __atomic_load_n(&ps.stderr_at_start, __ATOMIC_RELAXED) != 2;
  __atomic_store_n(&ps.text_fd, has_stderr ? 2 : -1, __ATOMIC_RELAXED);
  if (g_options.log_path[0]) {
    char path[600];
    text_buffer(path, sizeof path).str(g_options.log_path).chr('.').dec(static_cast<uint64_t>(pid));
    long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) __atomic_store_n(&ps.text_fd, base::reserved_fd(static_cast<int>(fd)), __ATOMIC_RELAXED);
    else say_cannot_open("log_path", path, errno, has_stderr ? "reports go to stderr" : "text reports are lost");
  }
  if (g_options.report_dir[0]) {
    syscall(SYS_mkdirat, AT_FDCWD, g_options.report_dir, 0755);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t rnd = static_cast<uint64_t>(ts.tv_nsec) ^ (static_cast<uint64_t>(pid) << 32) ^ static_cast<uint64_t>(ts.tv_sec);
    rnd *= 0x9E3779B97F4A7C15ull;
    char path[700];
    text_buffer(path, sizeof path).str(g_options.report_dir).str("/vigil.").dec(static_cast<uint64_t>(pid)).chr('.')
        .hex(rnd >> 16).str(".jsonl");
    long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) __atomic_store_n(&ps.json_fd, base::reserved_fd(static_cast<int>(fd)), __ATOMIC_RELAXED);
    else say_cannot_open("a report file in report_dir", path, errno, "JSON reports are lost");
  }
}

bool stack_suppressed(suppression_kind kind, const stack_text &s) {
  for (size_t i = 0; i < s.n; i++) {
    const base::symbolized_frame &f = s.frames[i];
    if (base::suppressed(kind, f.function) || base::suppressed(kind, f.file) || base::suppressed(kind, f.module))
      return true;
  }
  return false;
}

// "thread":3 / "task":7 (the main thread is thread 0).
void actor_json(dyn_text &j, actor a) {
  if (a.kind == actor_kind::task) j.str("\"task\":").dec(a.id);
  else if (a.kind == actor_kind::os_thread) j.str("\"tid\":").dec(a.id);
  else if (a.kind == actor_kind::timer) j.str("\"timer\":true");
  else if (a.kind == actor_kind::none) j.str("\"unknown\":true");
  else j.str("\"thread\":").dec(a.kind == actor_kind::main ? 0 : a.id);
}

const char *access_name(const access_desc &a, bool previous) {
  if (a.free) return previous ? "Previous free" : "Free";
  if (a.atomic) {
    if (a.write) return previous ? "Previous atomic write" : "Atomic write";
    return previous ? "Previous atomic read" : "Atomic read";
  }
  if (a.write) return previous ? "Previous write" : "Write";
  return previous ? "Previous read" : "Read";
}

const char *access_json_type(const access_desc &a) {
  if (a.free) return "free";
  if (a.atomic) return a.write ? "atomic write" : "atomic read";
  return a.write ? "write" : "read";
}

// The stacks of a report, symbolized once each, in the order they appear.
struct symbolized {
  stack_text accesses[2];
  stack_text *sections = nullptr;
  stack_text *creations = nullptr;
  stack_text *wheres = nullptr;
  stack_text location;
  size_t nsections = 0, nactors = 0;

  explicit symbolized(const report_desc &d) : nsections(d.nsections), nactors(d.nactors) {
    for (size_t i = 0; i < d.naccesses; i++) symbolize_stack(d.accesses[i].st.pcs, d.accesses[i].st.n, &accesses[i]);
    sections = make(nsections);
    for (size_t i = 0; i < nsections; i++) symbolize_stack(d.sections[i].st.pcs, d.sections[i].st.n, &sections[i]);
    creations = make(nactors);
    wheres = make(nactors);
    for (size_t i = 0; i < nactors; i++) {
      symbolize_stack(d.actors[i].creation.pcs, d.actors[i].creation.n, &creations[i]);
      symbolize_stack(d.actors[i].where.pcs, d.actors[i].where.n, &wheres[i]);
    }
    if (d.location.kind == location_kind::heap) symbolize_stack(d.location.st.pcs, d.location.st.n, &location);
    for (stack_text &st : accesses) trim_vigil_frames(&st);
    for (size_t i = 0; i < nsections; i++) trim_vigil_frames(&sections[i]);
    for (size_t i = 0; i < nactors; i++) {
      trim_vigil_frames(&creations[i]);
      trim_vigil_frames(&wheres[i]);
    }
    trim_vigil_frames(&location);
  }
  ~symbolized() {
    destroy(sections, nsections);
    destroy(creations, nactors);
    destroy(wheres, nactors);
  }
  symbolized(const symbolized &) = delete;
  symbolized &operator=(const symbolized &) = delete;

  // The stack the summary names: the current access, else the first section,
  // else the first actor's.
  const stack_text *first() const {
    if (accesses[0].n) return &accesses[0];
    for (size_t i = 0; i < nsections; i++)
      if (sections[i].n) return &sections[i];
    for (size_t i = 0; i < nactors; i++) {
      if (wheres[i].n) return &wheres[i];
      if (creations[i].n) return &creations[i];
    }
    return &accesses[0];
  }

  bool suppressed(const report_desc &d) const {
    // Races: either access's stack; the rest: any stack of the body.
    for (size_t i = 0; i < d.naccesses; i++)
      if (stack_suppressed(d.suppression, accesses[i])) return true;
    for (size_t i = 0; i < nsections; i++)
      if (stack_suppressed(d.suppression, sections[i])) return true;
    // Leaks are also named by where the leaked thread or task was created.
    if ((d.naccesses == 0 && nsections == 0) || d.suppression == suppression_kind::leak)
      for (size_t i = 0; i < nactors; i++)
        if (stack_suppressed(d.suppression, creations[i]) || stack_suppressed(d.suppression, wheres[i])) return true;
    return false;
  }

 private:
  static stack_text *make(size_t n) {
    if (n == 0) return nullptr;
    auto *p = static_cast<stack_text *>(base::internal_calloc(n, sizeof(stack_text)));
    for (size_t i = 0; i < n; i++) new (&p[i]) stack_text();
    return p;
  }
  static void destroy(stack_text *p, size_t n) {
    for (size_t i = 0; i < n; i++) p[i].~stack_text();
    base::internal_free(p);
  }
};

void write_accesses(dyn_text &t, dyn_text &j, const report_desc &d, const symbolized &s) {
  if (d.naccesses == 0) return;
  j.str(",\"accesses\":[");
  for (size_t i = 0; i < d.naccesses; i++) {
    const access_desc &a = d.accesses[i];
    t.str("  ").str(access_name(a, i == 1)).str(" of size ").dec(a.size).str(" at ").hex(a.addr).str(" by ");
    actor_name(t, a.by);
    t.str(":\n");
    write_stack_text(t, s.accesses[i]);
    t.chr('\n');
    if (i) j.chr(',');
    j.str("{\"role\":\"").str(i ? "previous" : "current").str("\",\"type\":\"").str(access_json_type(a))
        .str("\",\"size\":").dec(a.size).str(",\"addr\":\"").hex(a.addr).str("\",");
    actor_json(j, a.by);
    j.str(",\"stack\":");
    write_stack_json(j, s.accesses[i]);
    j.chr('}');
  }
  j.chr(']');
}

void write_mutexes(dyn_text &t, dyn_text &j, const report_desc &d) {
  if (!d.show_mutexes) return;
  t.str("  Mutexes held by ");
  actor_name(t, d.mutexes_of);
  t.str(":");
  if (d.nmutexes == 0) t.str(" none");
  j.str(",\"mutexes\":[");
  for (size_t i = 0; i < d.nmutexes; i++) {
    t.chr(' ').hex(d.mutexes[i]);
    if (i) j.chr(',');
    j.chr('"').hex(d.mutexes[i]).chr('"');
  }
  j.chr(']');
  t.str("\n");
}

void write_location(dyn_text &t, dyn_text &j, const report_desc &d, const symbolized &s) {
  const location_desc &l = d.location;
  switch (l.kind) {
    case location_kind::heap:
      t.str("  Location is heap block of size ").dec(l.size).str(" at ").hex(l.block)
          .str(l.freed ? " (freed) allocated by " : " allocated by ");
      actor_name(t, l.by);
      t.str(":\n");
      write_stack_text(t, s.location);
      t.chr('\n');
      j.str(",\"location\":{\"type\":\"heap\",\"size\":").dec(l.size).str(",\"addr\":\"").hex(l.block)
          .str("\",\"freed\":").str(l.freed ? "true" : "false").str(",\"allocated_by\":{");
      actor_json(j, l.by);
      j.str("},\"stack\":");
      write_stack_json(j, s.location);
      j.chr('}');
      return;
    case location_kind::stack:
      t.str("  Location is stack of ");
      actor_name(t, l.by);
      t.str(".\n\n");
      j.str(",\"location\":{\"type\":\"stack\",");
      actor_json(j, l.by);
      j.chr('}');
      return;
    case location_kind::global: {
      base::symbolized_global g;
      if (base::symbolize_global(l.addr, &g)) {
        t.str("  Location is global '").str(g.name).str("' of size ").dec(g.size).str(" at ").hex(g.start)
            .str(" (").str(base_name(g.module)).str("+").hex(g.offset - (l.addr - g.start)).str(")\n\n");
        j.str(",\"location\":{\"type\":\"global\",\"name\":").json_str(g.name).str(",\"size\":").dec(g.size)
            .str(",\"addr\":\"").hex(g.start).str("\"}");
        return;
      }
      break;
    }
    case location_kind::unknown:
      break;
  }
  if (d.naccesses) j.str(",\"location\":null");
}

void write_sections(dyn_text &t, dyn_text &j, const report_desc &d, const symbolized &s) {
  if (d.nsections == 0) return;
  j.str(",\"sections\":[");
  for (size_t i = 0; i < d.nsections; i++) {
    const section_desc &sec = d.sections[i];
    // A section without a stack is a statement ("On the nil channel...").
    if (sec.st.n) {
      t.str("  ").str(sec.heading).str(":\n");
      write_stack_text(t, s.sections[i]);
    } else {
      t.str("  ").str(sec.heading).str(".\n");
    }
    t.chr('\n');
    if (i) j.chr(',');
    j.str("{\"what\":").json_str(sec.what).str(",\"heading\":").json_str(sec.heading).chr(',');
    actor_json(j, sec.by);
    j.str(",\"stack\":");
    write_stack_json(j, s.sections[i]);
    j.chr('}');
  }
  j.chr(']');
}

void actor_title(dyn_text &t, actor a) {
  switch (a.kind) {
    case actor_kind::main: t.str("Main thread"); break;
    case actor_kind::thread: t.str("Thread T").dec(a.id); break;
    case actor_kind::task: t.str("Task ").dec(a.id); break;
    case actor_kind::os_thread: t.str("Thread"); break;
    case actor_kind::timer: t.str("A timer"); break;
    case actor_kind::none: t.str("An unknown thread"); break;
  }
}

void write_actors(dyn_text &t, dyn_text &j, const report_desc &d, const symbolized &s) {
  j.str(",\"threads\":[");
  for (size_t i = 0; i < d.nactors; i++) {
    const actor_desc &a = d.actors[i];
    // "  Task 7 (blocked in chan receive, 12 ms):" and where it is, when
    // known; then "  Task 7 created by main thread at:" and its creation.
    t.str("  ");
    actor_title(t, a.who);
    t.str(" (");
    if (a.who.kind == actor_kind::thread || a.who.kind == actor_kind::os_thread)
      t.str("tid=").dec(static_cast<uint64_t>(a.tid)).str(", ");
    if (a.blocked_in) t.str("blocked in ").str(a.blocked_in);
    else t.str(a.state);
    if (a.blocked_ms >= 0) t.str(", ").dec(static_cast<uint64_t>(a.blocked_ms)).str(" ms");
    t.chr(')');
    if (a.waits_on) t.str(" on ").str(a.waits_on);
    if (a.adopted) t.str(", a thread vigil did not see being created (adopted at its first access)");
    bool created = s.creations[i].n || a.parent.kind != actor_kind::none;
    if (s.wheres[i].n) {
      t.str(":\n");
      write_stack_text(t, s.wheres[i]);
      if (created) {
        t.str("  ");
        actor_title(t, a.who);
      }
    }
    if (created) {
      t.str(" created");
      if (a.parent.kind != actor_kind::none) {
        t.str(" by ");
        actor_name(t, a.parent);
      }
      t.str(" at:\n");
      write_stack_text(t, s.creations[i]);
    } else if (!s.wheres[i].n) {
      t.str(".\n");
    }
    t.chr('\n');
    if (i) j.chr(',');
    j.str("{\"id\":").dec(a.who.id).str(",\"kind\":\"")
        .str(a.who.kind == actor_kind::task    ? "task"
             : a.who.kind == actor_kind::timer ? "timer"
             : a.who.kind == actor_kind::main  ? "main"
                                               : "thread")
        .str("\",\"tid\":").dec(static_cast<uint64_t>(a.tid)).str(",\"state\":\"").str(a.state).chr('"');
    if (a.adopted) j.str(",\"adopted\":true");
    if (a.blocked_in) j.str(",\"blocked_in\":").json_str(a.blocked_in);
    if (a.blocked_ms >= 0) j.str(",\"blocked_ms\":").dec(static_cast<uint64_t>(a.blocked_ms));
    if (a.waits_on) j.str(",\"waits_on\":").json_str(a.waits_on);
    j.str(",\"created_by\":{");
    if (a.parent.kind != actor_kind::none) actor_json(j, a.parent);
    j.str("},\"stack\":");
    write_stack_json(j, s.creations[i]);
    if (s.wheres[i].n) {
      j.str(",\"where\":");
      write_stack_json(j, s.wheres[i]);
    }
    j.chr('}');
  }
  j.chr(']');
}

void emit(process_state &ps, const dyn_text &t, dyn_text &j) VIGIL_REQUIRES(ps.report_mu) {
  open_sinks(ps);
  raw_write(ps.text_fd, t.c_str(), t.size());
  if (ps.json_fd >= 0) {
    j.str("}\n");
    raw_write(ps.json_fd, j.c_str(), j.size());
  }
  __atomic_fetch_add(&ps.reports, 1, __ATOMIC_RELAXED);
}

}  // namespace

void actor_name(dyn_text &t, actor a) {
  switch (a.kind) {
    case actor_kind::main: t.str("main thread"); break;
    case actor_kind::thread: t.str("thread T").dec(a.id); break;
    case actor_kind::task: t.str("task ").dec(a.id); break;
    case actor_kind::os_thread: t.str("thread (tid=").dec(a.id).chr(')'); break;
    case actor_kind::timer: t.str("a timer"); break;
    case actor_kind::none: t.str("an unknown thread"); break;
  }
}

bool submit(const report_desc &d) { return submit_for_outcome(d) == outcome::made; }

bool is_repeat(uintptr_t a, uintptr_t b) {
  if (a == 0 && b == 0) return false;
  process_state &ps = process();
  raw_lock_guard l(ps.report_mu);
  if (!in_seen(ps, a < b ? a : b, a < b ? b : a)) return false;
  __atomic_fetch_add(&ps.repeats, 1, __ATOMIC_RELAXED);
  return true;
}

outcome submit_for_outcome(const report_desc &d) {
  process_state &ps = process();
  {
    raw_lock_guard l(ps.report_mu);
    if (seen_before(ps, d.key[0], d.key[1])) {
      __atomic_fetch_add(&ps.repeats, 1, __ATOMIC_RELAXED);
      return outcome::repeated;
    }
  }
  symbolized s(d);
  if (s.suppressed(d)) return outcome::suppressed;

  dyn_text t, j, sum;
  uint64_t pid = static_cast<uint64_t>(syscall(SYS_getpid));
  summary_text(sum, d.kind, *s.first());
  t.str("==================\nWARNING: vigil: ").str(d.kind).str(" (pid=").dec(pid).str(")\n");
  j.str("{\"schema\":1,\"kind\":").json_str(d.kind).str(",\"pid\":").dec(pid)
      .str(",\"argv0\":").json_str(program_invocation_name ? program_invocation_name : "")
      .str(",\"summary\":").json_str(sum.c_str());
  if (d.note) {
    t.str("  ").str(d.note).str("\n\n");
    j.str(",\"note\":").json_str(d.note);
  }
  write_accesses(t, j, d, s);
  write_mutexes(t, j, d);
  write_location(t, j, d, s);
  if (d.naccesses && t.c_str()[t.size() - 2] != '\n') t.chr('\n');
  write_sections(t, j, d, s);
  write_actors(t, j, d, s);
  t.str("SUMMARY: vigil: ").str(sum.c_str()).str("\n==================\n");
  // The whole text block too: `vigil run` and `vigil report` print each
  // finding exactly as the program did.
  j.str(",\"text\":").json_str(t.c_str());
  {
    raw_lock_guard l(ps.report_mu);
    // halt_on_error: the first report ends the program, and it is the only
    // one: another thread's, finished meanwhile, is dropped.
    if (g_options.halt_on_error && __atomic_load_n(&ps.reports, __ATOMIC_RELAXED) > 0) return outcome::dropped;
    uint32_t n = __atomic_load_n(&ps.reports, __ATOMIC_RELAXED);
    text_buffer(ps.summaries[n % process_state::kSummaries], process_state::kSummaryLen).str(sum.c_str());
    ps.summary_epochs[n % process_state::kSummaries] = d.epoch;
    emit(ps, t, j);
  }
  if (g_options.halt_on_error) finish_and_exit(g_options.exitcode);
  return outcome::made;
}

namespace {
void write_process_record(process_state &ps, const char *event) VIGIL_REQUIRES(ps.report_mu) {
  open_sinks(ps);
  if (ps.json_fd < 0) return;
  dyn_text j;
  j.str("{\"schema\":1,\"record\":\"process\",\"event\":\"").str(event).str("\",\"pid\":")
      .dec(static_cast<uint64_t>(syscall(SYS_getpid)))
      .str(",\"argv0\":").json_str(program_invocation_name ? program_invocation_name : "")
      .str(",\"reports\":").dec(__atomic_load_n(&ps.reports, __ATOMIC_RELAXED));
  if (event[0] == 's') {
    // The command line (its first 4 KiB): `vigil run` names the test a
    // process ran from it (ctest's --gtest_filter=Suite.Test).
    char cmdline[4096];
    long fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    long n = 0;
    if (fd >= 0) {
      for (long got; n < static_cast<long>(sizeof cmdline) - 1 &&
                     (got = syscall(SYS_read, fd, cmdline + n, sizeof cmdline - 1 - n)) > 0;)
        n += got;
      syscall(SYS_close, fd);
    }
    j.str(",\"argv\":[");
    for (long i = 0; i < n;) {
      cmdline[n] = 0;
      if (i) j.chr(',');
      j.json_str(cmdline + i);
      while (i < n && cmdline[i]) i++;
      i++;
    }
    j.chr(']');
  }
  j.str("}\n");
  raw_write(ps.json_fd, j.c_str(), j.size());
}
}  // namespace

void process_started(bool detector) {
  process_state &ps = process();
  raw_lock_guard l(ps.report_mu);
  // Known with or without report_dir: the library's exit handler leaves the
  // exit status to the detector when it is loaded.
  if (detector) ps.detector_started = true;
  if (!g_options.report_dir[0]) return;
  int pid = static_cast<int>(syscall(SYS_getpid));
  if (ps.started_pid == pid || ps.started_pid == -pid) return;
  ps.started_pid = pid;
  write_process_record(ps, "start");
}

void process_ending(bool detector) {
  if (!g_options.report_dir[0]) return;
  process_state &ps = process();
  raw_lock_guard l(ps.report_mu);
  if (ps.detector_started && !detector) return;
  // A forked child has no start record: it writes an end record only if it
  // reported (into a file of its own).
  int pid = static_cast<int>(syscall(SYS_getpid));
  bool own_file = ps.sinks_open && ps.sinks_pid == pid && ps.json_fd >= 0;
  if (ps.started_pid != pid && !(ps.started_pid != -pid && own_file)) return;
  ps.started_pid = -pid;
  write_process_record(ps, "end");
}

void exit_status_at_exit_without_detector() {
  process_state &ps = process();
  bool detector;
  {
    raw_lock_guard l(ps.report_mu);
    detector = ps.detector_started;
  }
  if (!detector && reports_made() > 0 && g_options.exitcode != 0) finish_and_exit(g_options.exitcode);
}

void write_text(const char *text, size_t len) {
  process_state &ps = process();
  raw_lock_guard l(ps.report_mu);
  open_sinks(ps);
  raw_write(ps.text_fd, text, len);
}

uint32_t reports_made() { return __atomic_load_n(&process().reports, __ATOMIC_RELAXED); }
uint32_t reports_repeated() { return __atomic_load_n(&process().repeats, __ATOMIC_RELAXED); }

size_t report_summary(uint32_t index, char *buf, size_t size) {
  process_state &ps = process();
  raw_lock_guard l(ps.report_mu);
  uint32_t made = __atomic_load_n(&ps.reports, __ATOMIC_RELAXED);
  text_buffer t(buf, size);
  if (index < made && made - index <= process_state::kSummaries)
    t.str(ps.summaries[index % process_state::kSummaries]);
  return t.size();
}

uint64_t report_epoch(uint32_t index) {
  process_state &ps = process();
  raw_lock_guard l(ps.report_mu);
  uint32_t made = __atomic_load_n(&ps.reports, __ATOMIC_RELAXED);
  return index < made && made - index <= process_state::kSummaries
             ? ps.summary_epochs[index % process_state::kSummaries]
             : 0;
}

uint64_t leak_epoch() { return __atomic_load_n(&process().leak_epoch, __ATOMIC_RELAXED); }
uint64_t new_leak_epoch() { return __atomic_add_fetch(&process().leak_epoch, 1, __ATOMIC_RELAXED); }

int findings_exit_status() { return g_options.exitcode; }

void report_lock() { process().report_mu.lock(); }
void report_unlock() { process().report_mu.unlock(); }

void finish_and_exit(int status) {
  fflush(nullptr);
  base::symbolizer_shutdown();
  syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

}  // namespace vigil::report
