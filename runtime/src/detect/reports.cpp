// reports.cpp — the detector's findings as report descriptions (reports.h).
//
// Each function unwinds the stacks it names, describes the owners involved
// and the accessed location, and submits the description to report/.
#include "reports.h"

#include "access.h"
#include "owner.h"
#include "runtime.h"

namespace vigil::detect {
namespace {

using report::actor;
using report::actor_desc;
using report::actor_kind;
using report::report_desc;
using report::section_desc;

// A stack unwound from the depot: at most history_size frames, on internal
// memory.
struct unwound {
  uintptr_t *pcs = nullptr;
  size_t n = 0;
  unwound() = default;
  explicit unwound(stack_id id) { fill(id); }
  unwound(const unwound &) = delete;
  unwound &operator=(const unwound &) = delete;
  ~unwound() { internal_free(pcs); }
  void fill(stack_id id) {
    size_t max = static_cast<size_t>(g_options.history_size);
    pcs = static_cast<uintptr_t *>(internal_alloc(max * sizeof(uintptr_t)));
    n = stack_unwind(id, pcs, max);
  }
  report::stack st() const { return {pcs, n}; }
};

actor actor_of(uint32_t id) {
  if (id == ~0u) return {};
  owner_desc *d = owner_desc_by_id(id);
  if (d && d->is_main) return {actor_kind::main, 0};
  if (d && d->is_timer) return {actor_kind::timer, 0};
  if (d && d->is_task) return {actor_kind::task, d->task_id};
  return {actor_kind::thread, id};
}

// The threads and tasks a report mentions, each described once (the main
// thread is never described: everyone knows where it came from).
class actor_list {
 public:
  static constexpr size_t kMax = 8;
  void add(uint32_t id) {
    if (id == ~0u || n_ == kMax) return;
    for (size_t i = 0; i < n_; i++)
      if (ids_[i] == id) return;
    owner_desc *d = owner_desc_by_id(id);
    if (!d || d->is_main) return;
    ids_[n_] = id;
    actor_desc &a = descs_[n_];
    a.who = actor_of(id);
    a.tid = d->os_tid;
    a.state = d->state == owner_state::running ? "running" : "finished";
    // A parked task: what it is blocked in (a static string of the library's).
    if (d->is_task && d->state == owner_state::running) {
      a.blocked_in = __atomic_load_n(&d->waiting_in, __ATOMIC_RELAXED);
      if (a.blocked_in) a.state = "blocked";
    }
    if (d->adopted) a.adopted = true;
    else a.parent = actor_of(d->parent_id);
    stacks_[n_].fill(d->creation_stack);
    a.creation = stacks_[n_].st();
    n_++;
  }
  void attach(report_desc &r) const {
    r.actors = descs_;
    r.nactors = n_;
  }

 private:
  uint32_t ids_[kMax];
  actor_desc descs_[kMax];
  unwound stacks_[kMax];
  size_t n_ = 0;
};

void describe_location(report_desc &r, uintptr_t addr, actor_list &actors, unwound &alloc_stack) {
  report::location_desc &l = r.location;
  l.addr = addr;
  heap_block_info hb;
  if (find_heap_block(addr, &hb)) {
    l.kind = report::location_kind::heap;
    l.block = hb.addr;
    l.size = hb.size;
    l.freed = hb.freed;
    l.by = actor_of(hb.owner_id);
    alloc_stack.fill(hb.stack);
    l.st = alloc_stack.st();
    actors.add(hb.owner_id);
    return;
  }
  for (uint32_t id = 0, n = owner_count(); id < n; id++) {
    owner_desc *d = owner_desc_by_id(id);
    if (d && d->stack_lo <= addr && addr < d->stack_hi) {
      l.kind = report::location_kind::stack;
      l.by = actor_of(id);
      actors.add(id);
      return;
    }
  }
  l.kind = report::location_kind::global;  // report/ asks the symbolizer; unknown if it does not know
}

// The later leak epoch of two owners (report_desc::epoch).
uint64_t youngest_epoch(uint32_t a, uint32_t b) {
  uint64_t e = 0;
  for (uint32_t id : {a, b})
    if (owner_desc *d = id == ~0u ? nullptr : owner_desc_by_id(id); d && d->leak_epoch > e) e = d->leak_epoch;
  return e;
}

void fill_access(report::access_desc &a, const race_access &from, const unwound &st) {
  a.write = from.flags & k_access_write;
  a.atomic = from.flags & k_access_atomic;
  a.free = from.flags & k_access_free;
  a.vptr = from.flags & k_access_vptr;
  a.size = from.size;
  a.addr = from.addr;
  a.by = actor_of(from.owner_id);
  a.st = st.st();
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
  if (report::is_repeat(stack_pc(cur.stack), stack_pc(prev.stack))) return;
  report_desc r;
  r.kind = "data race";
  if ((cur.flags | prev.flags) & k_access_free) r.kind = "heap-use-after-free race";
  else if (cur.flags & k_access_vptr) r.kind = "data race on vptr (ctor/dtor vs virtual call)";
  r.suppression = report::suppression_kind::race;
  r.key[0] = stack_pc(cur.stack);
  r.key[1] = stack_pc(prev.stack);
  unwound cs(cur.stack), ps(prev.stack), alloc;
  fill_access(r.accesses[0], cur, cs);
  fill_access(r.accesses[1], prev, ps);
  r.naccesses = 2;
  actor_list actors;
  actors.add(cur.owner_id);
  actors.add(prev.owner_id);
  uintptr_t held[32];
  uint32_t nheld = o->nheld < 32 ? o->nheld : 32;
  for (uint32_t i = 0; i < nheld; i++) held[i] = o->held[i].addr;
  r.show_mutexes = true;
  r.mutexes_of = actor_of(cur.owner_id);
  r.mutexes = held;
  r.nmutexes = nheld;
  describe_location(r, cur.addr, actors, alloc);
  actors.attach(r);
  r.epoch = youngest_epoch(cur.owner_id, prev.owner_id);
  report::submit(r);
}

void report_misuse(owner *o, const char *kind, uintptr_t object, stack_id stack, stack_id other,
                   uint32_t other_owner, const char *other_what) {
  runtime_scope rs(o);
  report_desc r;
  r.kind = kind;
  r.suppression = report::suppression_kind::misuse;
  r.key[0] = stack_pc(stack);
  r.key[1] = reinterpret_cast<uintptr_t>(kind);
  unwound cs(stack), os;
  dyn_text h0, h1;
  h0.str("Mutex ").hex(object).str(" by ");
  report::actor_name(h0, actor_of(o->desc->id));
  section_desc sections[2];
  sections[0] = {"misuse", h0.c_str(), actor_of(o->desc->id), cs.st()};
  actor_list actors;
  actors.add(o->desc->id);
  r.nsections = 1;
  if (other_what) {
    os.fill(other);
    h1.str("Mutex ").hex(object).str(" previously ").str(other_what).str(" by ");
    report::actor_name(h1, actor_of(other_owner));
    sections[1] = {other_what, h1.c_str(), actor_of(other_owner), os.st()};
    actors.add(other_owner);
    r.nsections = 2;
  }
  r.sections = sections;
  actors.attach(r);
  report::submit(r);
}

void report_lock_inversion(owner *o, const lock_edge *cycle, size_t n) {
  runtime_scope rs(o);
  report_desc r;
  r.kind = "lock-order inversion (potential deadlock)";
  r.suppression = report::suppression_kind::deadlock;
  uintptr_t key = 0;
  for (size_t i = 0; i < n; i++) key ^= cycle[i].from * 0x9E3779B97F4A7C15ull;
  r.key[0] = key;
  r.key[1] = reinterpret_cast<uintptr_t>(r.kind);
  dyn_text note;
  note.str("Cycle in lock order graph: ");
  for (size_t i = 0; i < n; i++) note.str("M").hex(cycle[i].from).str(" => ");
  note.str("M").hex(cycle[0].from);
  r.note = note.c_str();
  // Per edge: where `to` was acquired while holding `from`, and where `from`
  // was acquired. The last edge (the one that closed the cycle) goes first:
  // the summary names it.
  size_t nsec = 2 * n;
  auto *sections = static_cast<section_desc *>(internal_calloc(nsec, sizeof(section_desc)));
  auto *stacks = static_cast<unwound *>(internal_calloc(nsec, sizeof(unwound)));
  auto *headings = static_cast<dyn_text *>(internal_calloc(nsec, sizeof(dyn_text)));
  for (size_t i = 0; i < nsec; i++) {
    new (&stacks[i]) unwound();
    new (&headings[i]) dyn_text();
  }
  actor_list actors;
  for (size_t k = 0; k < n; k++) {
    const lock_edge &e = cycle[(n - 1 + k) % n];
    actor by = actor_of(e.owner_id);
    dyn_text &h0 = headings[2 * k], &h1 = headings[2 * k + 1];
    h0.str("Mutex M").hex(e.to).str(" acquired here while holding mutex M").hex(e.from).str(" in ");
    report::actor_name(h0, by);
    h1.str("Mutex M").hex(e.from).str(" previously acquired by the same ").str(by.kind == actor_kind::task ? "task" : "thread")
        .str(" here");
    stacks[2 * k].fill(e.to_stack);
    stacks[2 * k + 1].fill(e.from_stack);
    sections[2 * k] = {"acquired", h0.c_str(), by, stacks[2 * k].st()};
    sections[2 * k + 1] = {"held", h1.c_str(), by, stacks[2 * k + 1].st()};
    actors.add(e.owner_id);
  }
  r.sections = sections;
  r.nsections = nsec;
  actors.attach(r);
  report::submit(r);
  for (size_t i = 0; i < nsec; i++) {
    stacks[i].~unwound();
    headings[i].~dyn_text();
  }
  internal_free(sections);
  internal_free(stacks);
  internal_free(headings);
}

void report_thread_leak(const uint32_t *owner_ids, size_t n) {
  owner *o = cur_owner();
  if (!o || n == 0) return;
  runtime_scope rs(o);
  report_desc r;
  r.kind = "thread leak";
  r.suppression = report::suppression_kind::leak;
  dyn_text note;
  if (n == 1) {
    note.str("Thread T").dec(owner_ids[0]).str(" was never joined nor detached.");
  } else {
    note.dec(n).str(" threads created at the same place were never joined nor detached: ");
    for (size_t i = 0; i < n && i < 16; i++) note.str(i ? ", T" : "T").dec(owner_ids[i]);
    if (n > 16) note.str(", ...");
    note.chr('.');
  }
  r.note = note.c_str();
  actor_list actors;
  actors.add(owner_ids[0]);
  actors.attach(r);
  report::submit(r);
}

}  // namespace vigil::detect
