// report.cpp — building, de-duplicating, suppressing and writing reports.
//
// Reports are rare and may be slow: they symbolize, allocate (internal
// memory) and serialize on g_report_mu. Each report is composed completely,
// then written as one block to the text sink and one line to the JSON sink.
#include "report.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../detect/access.h"
#include "../detect/owner.h"
#include "../detect/runtime.h"
#include "options.h"
#include "suppressions.h"
#include "format.h"
#include "symbolizer.h"

extern "C" char *program_invocation_name;

namespace vigil::detect {
namespace {

raw_lock g_report_mu;
uint32_t g_reports;  // atomic
int g_text_fd VIGIL_GUARDED_BY(g_report_mu) = 2;
int g_json_fd VIGIL_GUARDED_BY(g_report_mu) = -1;
bool g_sinks_open VIGIL_GUARDED_BY(g_report_mu);

// Site pairs already reported (data races), and misuse sites.
constexpr size_t kSeen = 4096;
uintptr_t g_seen[kSeen][2] VIGIL_GUARDED_BY(g_report_mu);
size_t g_nseen VIGIL_GUARDED_BY(g_report_mu);

bool seen_before(uintptr_t a, uintptr_t b) VIGIL_REQUIRES(g_report_mu) {
  if (a > b) {
    uintptr_t t = a;
    a = b;
    b = t;
  }
  for (size_t i = 0; i < g_nseen; i++)
    if (g_seen[i][0] == a && g_seen[i][1] == b) return true;
  if (g_nseen < kSeen) {
    g_seen[g_nseen][0] = a;
    g_seen[g_nseen][1] = b;
    g_nseen++;
  }
  return false;
}

void open_sinks() VIGIL_REQUIRES(g_report_mu) {
  if (g_sinks_open) return;
  g_sinks_open = true;
  int pid = static_cast<int>(syscall(SYS_getpid));
  if (g_options.log_path[0]) {
    char path[600];
    text_buffer(path, sizeof path).str(g_options.log_path).chr('.').dec(static_cast<uint64_t>(pid));
    int fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (fd >= 0) g_text_fd = fd;
    else raw_write_str(2, "vigil: cannot open log_path; reports go to stderr\n");
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
    g_json_fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (g_json_fd < 0) {
      raw_write_str(2, "vigil: cannot create a report file in report_dir '");
      raw_write_str(2, g_options.report_dir);
      raw_write_str(2, "'; JSON reports are lost\n");
    }
  }
}

void symbolize_stack(stack_id id, stack_text *out) {
  uintptr_t pcs[4096];
  size_t max = static_cast<size_t>(g_options.history_size);
  size_t n = stack_unwind(id, pcs, max < 4096 ? max : 4096);
  out->frames = static_cast<symbolized_frame *>(internal_alloc((n * 4 + 1) * sizeof(symbolized_frame)));
  for (size_t i = 0; i < n; i++) {
    // pcs[0] of an access stack is inside the instrumented function (the
    // return address of the check call); all are return addresses.
    size_t k = symbolize_pc(pcs[i], false, out->frames + out->n, 4);
    // The runtime's own frames (interceptors) name the function only.
    for (size_t f = out->n; f < out->n + k; f++)
      if (str_starts_with(base_name(out->frames[f].module), "libvigil_detect")) out->frames[f].file[0] = 0;
    out->n += k;
  }
}

void thread_name(dyn_text &t, uint32_t id) {
  if (id == ~0u) {
    t.str("an unknown thread");
    return;
  }
  owner_desc *d = owner_desc_by_id(id);
  if (d && d->is_main) t.str("main thread");
  else if (d && d->is_task) t.str("task T").dec(id);
  else t.str("thread T").dec(id);
}

bool stack_suppressed(suppression_kind kind, const stack_text &s) {
  for (size_t i = 0; i < s.n; i++) {
    const symbolized_frame &f = s.frames[i];
    if (suppressed(kind, f.function) || suppressed(kind, f.file) || suppressed(kind, f.module)) return true;
  }
  return false;
}

// Threads mentioned by a report, described once each.
struct thread_set {
  uint32_t ids[8];
  size_t n = 0;
  void add(uint32_t id) {
    if (id == ~0u) return;
    for (size_t i = 0; i < n; i++)
      if (ids[i] == id) return;
    if (n < 8) ids[n++] = id;
  }
};

void describe_threads(dyn_text &t, dyn_text &j, const thread_set &ts) {
  j.str(",\"threads\":[");
  bool first = true;
  for (size_t i = 0; i < ts.n; i++) {
    owner_desc *d = owner_desc_by_id(ts.ids[i]);
    if (!d || d->is_main) continue;
    stack_text st;
    symbolize_stack(d->creation_stack, &st);
    const char *state = d->state == owner_state::running ? "running" : "finished";
    // A parked task: what it is blocked in (a static string of the library's).
    const char *waiting = d->is_task && d->state == owner_state::running
                              ? __atomic_load_n(&d->waiting_in, __ATOMIC_RELAXED)
                              : nullptr;
    if (waiting) {
      state = "blocked";
      t.str("  Task T").dec(d->id).str(" (blocked in ").str(waiting).str(") created by ");
    } else if (d->is_task) t.str("  Task T").dec(d->id).str(" (").str(state).str(") created by ");
    else t.str("  Thread T").dec(d->id).str(" (tid=").dec(static_cast<uint64_t>(d->os_tid)).str(", ").str(state)
        .str(") created by ");
    thread_name(t, d->parent_id);
    t.str(" at:\n");
    write_stack_text(t, st);
    t.chr('\n');
    if (!first) j.chr(',');
    first = false;
    j.str("{\"id\":").dec(d->id).str(",\"kind\":\"").str(d->is_task ? "task" : "thread").str("\",\"tid\":").dec(static_cast<uint64_t>(d->os_tid)).str(",\"state\":\"")
        .str(state).chr('"');
    if (waiting) j.str(",\"blocked_in\":").json_str(waiting);
    j.str(",\"created_by\":").dec(d->parent_id).str(",\"stack\":");
    write_stack_json(j, st);
    j.chr('}');
  }
  j.chr(']');
}

void describe_location(dyn_text &t, dyn_text &j, uintptr_t addr, thread_set &ts) {
  heap_block_info hb;
  if (find_heap_block(addr, &hb)) {
    stack_text st;
    symbolize_stack(hb.stack, &st);
    t.str("  Location is heap block of size ").dec(hb.size).str(" at ").hex(hb.addr)
        .str(hb.freed ? " (freed) allocated by " : " allocated by ");
    thread_name(t, hb.owner_id);
    t.str(":\n");
    write_stack_text(t, st);
    t.chr('\n');
    j.str(",\"location\":{\"type\":\"heap\",\"size\":").dec(hb.size).str(",\"addr\":\"").hex(hb.addr)
        .str("\",\"freed\":").str(hb.freed ? "true" : "false").str(",\"allocated_by\":").dec(hb.owner_id)
        .str(",\"stack\":");
    write_stack_json(j, st);
    j.chr('}');
    ts.add(hb.owner_id);
    return;
  }
  for (uint32_t id = 0, n = owner_count(); id < n; id++) {
    owner_desc *d = owner_desc_by_id(id);
    if (d && d->stack_lo <= addr && addr < d->stack_hi) {
      t.str("  Location is stack of ");
      thread_name(t, id);
      t.str(".\n\n");
      j.str(",\"location\":{\"type\":\"stack\",\"thread\":").dec(id).chr('}');
      ts.add(id);
      return;
    }
  }
  symbolized_global g;
  if (symbolize_global(addr, &g)) {
    t.str("  Location is global '").str(g.name).str("' of size ").dec(g.size).str(" at ").hex(g.start)
        .str(" (").str(base_name(g.module)).str("+").hex(g.offset - (addr - g.start)).str(")\n\n");
    j.str(",\"location\":{\"type\":\"global\",\"name\":").json_str(g.name).str(",\"size\":").dec(g.size)
        .str(",\"addr\":\"").hex(g.start).str("\"}");
    return;
  }
  j.str(",\"location\":null");
}

const char *access_name(unsigned flags, bool previous) {
  if (flags & k_access_free) return previous ? "Previous free" : "Free";
  if (flags & k_access_atomic) {
    if (flags & k_access_write) return previous ? "Previous atomic write" : "Atomic write";
    return previous ? "Previous atomic read" : "Atomic read";
  }
  if (flags & k_access_write) return previous ? "Previous write" : "Write";
  return previous ? "Previous read" : "Read";
}

const char *access_json_type(unsigned flags) {
  if (flags & k_access_free) return "free";
  if (flags & k_access_atomic) return (flags & k_access_write) ? "atomic write" : "atomic read";
  return (flags & k_access_write) ? "write" : "read";
}

// Starts the report: the text headline and the JSON object's common fields.
void report_begin(dyn_text &t, dyn_text &j, const char *kind, const stack_text &first, dyn_text &sum) {
  uint64_t pid = static_cast<uint64_t>(syscall(SYS_getpid));
  summary_text(sum, kind, first);
  t.str("==================\nWARNING: vigil: ").str(kind).str(" (pid=").dec(pid).str(")\n");
  j.str("{\"schema\":1,\"kind\":").json_str(kind).str(",\"pid\":").dec(pid)
      .str(",\"argv0\":").json_str(program_invocation_name ? program_invocation_name : "")
      .str(",\"summary\":").json_str(sum.c_str());
}

void report_end(dyn_text &t, const dyn_text &sum) { t.str("SUMMARY: vigil: ").str(sum.c_str()).str("\n==================\n"); }

void emit(dyn_text &t, dyn_text &j) VIGIL_REQUIRES(g_report_mu) {
  open_sinks();
  raw_write(g_text_fd, t.c_str(), t.size());
  if (g_json_fd >= 0) {
    j.str("}\n");
    raw_write(g_json_fd, j.c_str(), j.size());
  }
  __atomic_fetch_add(&g_reports, 1, __ATOMIC_RELAXED);
}

void after_report() {
  if (g_options.halt_on_error) finish_and_exit(g_options.exitcode);
}

}  // namespace

void report_race(owner *o, const race_access &cur, const race_access &prev, unsigned) {
  runtime_scope rs(o);
  // An access made by the runtime's own code is a bug of vigil's, never the
  // program's race: say so once, report nothing.
  if (pc_in_runtime(stack_pc(cur.stack)) || pc_in_runtime(stack_pc(prev.stack))) {
    static bool said;
    if (!__atomic_exchange_n(&said, true, __ATOMIC_RELAXED))
      raw_write_str(2, "WARNING: vigil: internal error: the runtime's own memory access was checked as the "
                       "program's; not reported as a race (please report this as a vigil bug)\n");
    return;
  }
  {
    raw_lock_guard l(g_report_mu);
    if (seen_before(stack_pc(cur.stack), stack_pc(prev.stack))) return;
  }
  stack_text cs, ps;
  symbolize_stack(cur.stack, &cs);
  symbolize_stack(prev.stack, &ps);
  if (stack_suppressed(suppression_kind::race, cs) || stack_suppressed(suppression_kind::race, ps)) return;
  const char *kind = "data race";
  if ((cur.flags | prev.flags) & k_access_free) kind = "heap-use-after-free race";
  else if (cur.flags & k_access_vptr) kind = "data race on vptr (ctor/dtor vs virtual call)";

  dyn_text t, j, sum;
  report_begin(t, j, kind, cs, sum);
  thread_set ts;
  const race_access *acc[2] = {&cur, &prev};
  const stack_text *stacks[2] = {&cs, &ps};
  j.str(",\"accesses\":[");
  for (int i = 0; i < 2; i++) {
    const race_access &a = *acc[i];
    t.str("  ").str(access_name(a.flags, i == 1)).str(" of size ").dec(a.size).str(" at ").hex(a.addr).str(" by ");
    thread_name(t, a.owner_id);
    t.str(":\n");
    write_stack_text(t, *stacks[i]);
    t.chr('\n');
    if (i) j.chr(',');
    j.str("{\"role\":\"").str(i ? "previous" : "current").str("\",\"type\":\"").str(access_json_type(a.flags))
        .str("\",\"size\":").dec(a.size).str(",\"addr\":\"").hex(a.addr).str("\",\"thread\":")
        .dec(a.owner_id == ~0u ? 0 : a.owner_id).str(",\"stack\":");
    write_stack_json(j, *stacks[i]);
    j.chr('}');
    ts.add(a.owner_id);
  }
  j.chr(']');
  // Mutexes held by the current thread.
  t.str("  Mutexes held by ");
  thread_name(t, cur.owner_id);
  t.str(":");
  uint32_t nheld = o->nheld < 32 ? o->nheld : 32;
  if (nheld == 0) t.str(" none");
  j.str(",\"mutexes\":[");
  for (uint32_t i = 0; i < nheld; i++) {
    t.chr(' ').hex(o->held[i].addr);
    if (i) j.chr(',');
    j.chr('"').hex(o->held[i].addr).chr('"');
  }
  j.chr(']');
  t.str("\n");
  describe_location(t, j, cur.addr, ts);
  if (t.c_str()[t.size() - 2] != '\n') t.chr('\n');
  describe_threads(t, j, ts);
  report_end(t, sum);
  {
    raw_lock_guard l(g_report_mu);
    emit(t, j);
  }
  after_report();
}

void report_misuse(owner *o, const char *kind, uintptr_t object, stack_id stack, stack_id other,
                   uint32_t other_owner, const char *other_what) {
  runtime_scope rs(o);
  {
    raw_lock_guard l(g_report_mu);
    if (seen_before(stack_pc(stack), reinterpret_cast<uintptr_t>(kind))) return;
  }
  stack_text cs, os;
  symbolize_stack(stack, &cs);
  if (other_what) symbolize_stack(other, &os);
  if (stack_suppressed(suppression_kind::misuse, cs)) return;
  dyn_text t, j, sum;
  report_begin(t, j, kind, cs, sum);
  t.str("  Mutex ").hex(object).str(" by ");
  thread_name(t, o->desc->id);
  t.str(":\n");
  write_stack_text(t, cs);
  t.chr('\n');
  j.str(",\"object\":\"").hex(object).str("\",\"thread\":").dec(o->desc->id).str(",\"stack\":");
  write_stack_json(j, cs);
  thread_set ts;
  ts.add(o->desc->id);
  if (other_what) {
    t.str("  Mutex ").hex(object).str(" previously ").str(other_what).str(" by ");
    thread_name(t, other_owner);
    t.str(":\n");
    write_stack_text(t, os);
    t.chr('\n');
    j.str(",\"previous\":{\"what\":").json_str(other_what).str(",\"thread\":").dec(other_owner).str(",\"stack\":");
    write_stack_json(j, os);
    j.chr('}');
    ts.add(other_owner);
  }
  describe_threads(t, j, ts);
  report_end(t, sum);
  {
    raw_lock_guard l(g_report_mu);
    emit(t, j);
  }
  after_report();
}

void report_lock_inversion(owner *o, const lock_edge *cycle, size_t n) {
  runtime_scope rs(o);
  const char *kind = "lock-order inversion (potential deadlock)";
  {
    raw_lock_guard l(g_report_mu);
    uintptr_t key = 0;
    for (size_t i = 0; i < n; i++) key ^= cycle[i].from * 0x9E3779B97F4A7C15ull;
    if (seen_before(key, reinterpret_cast<uintptr_t>(kind))) return;
  }
  dyn_text b, jb;  // the body, composed before the headline needs the summary
  b.str("  Cycle in lock order graph: ");
  for (size_t i = 0; i < n; i++) b.str("M").hex(cycle[i].from).str(" => ");
  b.str("M").hex(cycle[0].from).str("\n\n");
  jb.str(",\"cycle\":[");
  thread_set ts;
  stack_text first;
  bool suppress = false;
  for (size_t i = 0; i < n; i++) {
    const lock_edge &e = cycle[i];
    stack_text to_st, from_st;
    symbolize_stack(e.to_stack, &to_st);
    symbolize_stack(e.from_stack, &from_st);
    suppress |= stack_suppressed(suppression_kind::deadlock, to_st);
    b.str("  Mutex M").hex(e.to).str(" acquired here while holding mutex M").hex(e.from).str(" in ");
    thread_name(b, e.owner_id);
    b.str(":\n");
    write_stack_text(b, to_st);
    b.str("\n  Mutex M").hex(e.from).str(" previously acquired by the same thread here:\n");
    write_stack_text(b, from_st);
    b.chr('\n');
    if (i) jb.chr(',');
    jb.str("{\"from\":\"").hex(e.from).str("\",\"to\":\"").hex(e.to).str("\",\"thread\":").dec(e.owner_id)
        .str(",\"stack\":");
    write_stack_json(jb, to_st);
    jb.str(",\"held_stack\":");
    write_stack_json(jb, from_st);
    jb.chr('}');
    ts.add(e.owner_id);
    if (i + 1 == n) {
      first.frames = to_st.frames;
      first.n = to_st.n;
      to_st.frames = nullptr;
    }
  }
  jb.chr(']');
  if (suppress) return;
  dyn_text t, j, sum;
  report_begin(t, j, kind, first, sum);
  t.str(b.c_str(), b.size());
  j.str(jb.c_str(), jb.size());
  describe_threads(t, j, ts);
  report_end(t, sum);
  {
    raw_lock_guard l(g_report_mu);
    emit(t, j);
  }
  after_report();
}

void report_thread_leak(uint32_t owner_id) {
  owner *o = cur_owner();
  runtime_scope rs(o);
  owner_desc *d = owner_desc_by_id(owner_id);
  if (!d) return;
  stack_text st;
  symbolize_stack(d->creation_stack, &st);
  if (stack_suppressed(suppression_kind::leak, st)) return;
  const char *kind = "thread leak";
  dyn_text t, j, sum;
  report_begin(t, j, kind, st, sum);
  thread_set ts;
  ts.add(owner_id);
  t.str("  Thread T").dec(owner_id).str(" was never joined nor detached.\n\n");
  j.str(",\"thread\":").dec(owner_id);
  describe_threads(t, j, ts);
  report_end(t, sum);
  raw_lock_guard l(g_report_mu);
  emit(t, j);
}

void report_lock() { g_report_mu.lock(); }
void report_unlock() { g_report_mu.unlock(); }

uint32_t reports_made() { return __atomic_load_n(&g_reports, __ATOMIC_RELAXED); }

void finish_and_exit(int status) {
  fflush(nullptr);
  symbolizer_shutdown();
  syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

}  // namespace vigil::detect
