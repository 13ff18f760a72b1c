// leaks.cpp — tasks left behind: at exit, and on request (vigil::check_leaks).
//
// A task still alive when the program ends is a leak unless it only needed a
// moment: a closer about to run, a sender whose receiver just arrived. So the
// check first lets the scheduler run until the tasks *settle* — none is
// runnable, running or inside blocking(), and two looks 5 ms apart see no
// progress (no task scheduled, no thread parked again) — or until the grace
// period (option leak_grace_ms) is over. Then every task still alive is
// reported, grouped by (where it was created, what it waits in, where it
// waits): a loop that leaked 1,000 identical tasks is one report of 1,000.
// A group shows the blocking call's stack (the first task of the group),
// where the tasks were created, how long they have waited, and the object:
// for a channel its element type, capacity and where it was made.
//
// What this proves: a task parked at the end of the grace period, with no
// task left running, no thread of the program's waking it in that time,
// was blocked when the program ended — which is what "left behind" means.
// It does not prove the task could never have been woken (a channel still
// reachable from a global could have been sent on later); tasks that never
// block (a loop on a ticker nobody stops) are reported as "still running"
// once the grace period is over, so the exit never hangs on them.
#include "sched/internal.h"

#include <vigil/detail/events.h>
#include <vigil/task.h>

#include <algorithm>
#include <cstdio>
#include <cstddef>
#include <cstring>
#include <ctime>
#include <new>

#include <sys/uio.h>
#include <unistd.h>

#include "base/options.h"
#include "report/report.h"

namespace vigil::detail {
namespace {

using base::dyn_text;
using report::actor_desc;
using report::report_desc;
using report::section_desc;

constexpr std::size_t kMaxGroups = 64;  // reported one by one; the rest in a note
constexpr int kNotScheduled = -1;       // a group's `why` for runnable tasks
// However long tasks keep progressing toward settling, the check ends after
// this: an exit never waits longer.
constexpr std::int64_t kMaxSettle = 60'000'000'000;
constexpr int kMaxFrames = 48;

struct group {
  const void* creator;
  int why;             // wait_reason; kWaitNone: still running
  std::uintptr_t at;   // the first frame of its stack outside the library (0: unknown)
  task* first;         // the example shown
  std::uint64_t count;
  std::int64_t longest_ms;
};

struct scan {
  task* self;
  std::uint64_t since;      // only tasks created at or after this leak epoch
  std::int64_t now;
  std::uint64_t alive;      // tasks other than self
  group groups[kMaxGroups];
  std::size_t ngroups;
  std::uint64_t total;
  std::uint64_t ungrouped;  // in groups beyond kMaxGroups
  std::uint64_t active;     // runnable, running or blocking (settling)
  std::uint64_t in_deadlocks;  // reported before this check (a deadlock, a proven leak)
};

// Counts t into its group — same creator, wait reason and wait site — or
// opens one; false when all kMaxGroups are taken by other groups.
bool join_group(group* groups, std::size_t* ngroups, task* t, int why, std::uintptr_t at, std::int64_t ms) {
  for (std::size_t i = 0; i < *ngroups; i++) {
    group& g = groups[i];
    if (g.creator == t->creator_pc && g.why == why && g.at == at) {
      g.count++;
      if (ms > g.longest_ms) g.longest_ms = ms;
      if (t->id < g.first->id) g.first = t;
      return true;
    }
  }
  if (*ngroups == kMaxGroups) return false;
  groups[(*ngroups)++] = {t->creator_pc, why, at, t, 1, ms};
  return true;
}

// Where a parked or runnable task waits: its first frame outside the library.
std::uintptr_t wait_site(task* t) {
  std::uintptr_t pcs[kMaxFrames];
  int n = task_stack(t, pcs, kMaxFrames);
  int s = skip_library_frames(pcs, n);
  return n > s ? pcs[s] : 0;
}

void count_active(task* t, void* arg) {
  auto* sc = static_cast<scan*>(arg);
  if (t == sc->self) return;
  int st = t->state.load(std::memory_order_acquire);
  if (st == kTaskFree || t->leak_epoch < sc->since) return;
  sc->alive++;
  if (st == kTaskRunnable || st == kTaskRunning || st == kTaskBlocking) sc->active++;
}

void add_to_group(task* t, void* arg) {
  auto* sc = static_cast<scan*>(arg);
  if (t == sc->self) return;
  int st = t->state.load(std::memory_order_acquire);
  if (st == kTaskFree || t->leak_epoch < sc->since) return;
  // Not parked: running (kWaitNone), or runnable and waiting for a worker
  // (kNotScheduled).
  // Reported already while the program ran (a deadlock, a proven leak):
  // counted, not repeated; a suppressed proven leak is neither.
  if (std::uint8_t r = t->in_reported_deadlock.load(std::memory_order_relaxed); r != kReportedNot && st == kTaskParked) {
    if (r == kReportedMade || r == kReportedAtCheck) sc->total++;
    if (r == kReportedMade) sc->in_deadlocks++;
    return;
  }
  int why = st == kTaskParked ? t->why.load(std::memory_order_relaxed) : st == kTaskRunnable ? kNotScheduled : kWaitNone;
  std::uintptr_t at = st == kTaskParked || st == kTaskRunnable ? wait_site(t) : 0;
  std::int64_t ms = st == kTaskParked ? (sc->now - t->wait_since) / 1000000 : -1;
  sc->total++;
  if (!join_group(sc->groups, &sc->ngroups, t, why, at, ms)) sc->ungrouped++;
}

void sleep_ms(long ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

// Lets the tasks settle (see the file comment); returns when they have or
// the grace period is over. Settled: no task alive; or none runnable,
// running or in blocking(), no timer pending that could still wake a parked
// one (a sleep, a select's timeout, an after() channel), and nothing ran
// between two looks.
// While tasks keep finishing or blocking (a loaded machine, many tasks still
// starting or winding down), the grace period is extended, up to 60 s: only
// tasks that make no progress toward finishing or blocking for good run it
// out.
void settle(task* self, std::uint64_t since) {
  std::int64_t grace = std::int64_t(base::g_options.leak_grace_ms) * 1000000;
  std::int64_t start = coarse_now_ns(), deadline = start + grace;
  int quiet = 0;
  std::uint64_t before = progress_snapshot(), fewest_alive = ~std::uint64_t(0), fewest_active = ~std::uint64_t(0);
  for (;;) {
    scan sc{};
    sc.self = self;
    sc.since = since;
    for_each_task(count_active, &sc);
    if (sc.alive == 0) return;
    std::uint64_t now = progress_snapshot();
    quiet = (sc.active == 0 && timers_pending() == 0 && now == before) ? quiet + 1 : 0;
    before = now;
    std::int64_t t = coarse_now_ns();
    // Progress toward settling: fewer tasks alive, or fewer runnable/running
    // than ever before (tasks still starting, then blocking). A loop that
    // blocks and wakes again makes no new low: it does not extend.
    bool closer = sc.alive < fewest_alive || sc.active < fewest_active;
    if (closer && fewest_alive != ~std::uint64_t(0) && t + grace / 4 > deadline)
      deadline = std::min(t + grace / 4, start + kMaxSettle);
    fewest_alive = std::min(fewest_alive, sc.alive);
    fewest_active = std::min(fewest_active, sc.active);
    if (quiet >= 2 || t >= deadline) return;
    sleep_ms(5);
  }
}

// How a group's leak is known.
enum class proof {
  at_check,        // alive when the tasks settled (exit, check_leaks)
  parked_forever,  // the nil channel, a select with no case that can be ready
  unreachable,     // what could wake them is held only by tasks blocked for good
};

// Reports the group; false if a suppression took it (its tasks are not
// counted as left behind). `when` is used at_check only.
bool report_group(const group& g, std::int64_t now, const char* when, proof how = proof::at_check) {
  bool proven = how != proof::at_check;
  std::uintptr_t where[kMaxFrames];
  int n = 0, skip = 0;
  bool parked = g.why != kWaitNone && g.why != kNotScheduled;
  if (g.first->state.load(std::memory_order_acquire) != kTaskRunning) {
    n = task_stack(g.first, where, kMaxFrames);
    skip = skip_library_frames(where, n);
  }
  dyn_text note, heading, object_heading;
  note.dec(g.count).str(g.count == 1 ? " task" : " tasks");
  if (parked && how == proof::parked_forever) {
    note.str(g.count == 1 ? " is" : " are").str(" blocked for ever in ").str(wait_reason_name(g.why))
        .str(": nothing can wake ").str(g.count == 1 ? "it" : "them")
        .str(", a leak proven while the program runs");
  } else if (parked && proven) {
    bool chan = g.why == kWaitChanSend || g.why == kWaitChanRecv || g.why == kWaitSelect;
    note.str(g.count == 1 ? " is" : " are").str(" blocked for good in ").str(wait_reason_name(g.why));
    if (g.longest_ms >= 0) note.str(" (the longest for ").dec(static_cast<std::uint64_t>(g.longest_ms)).str(" ms)");
    const char* why = g.why == kWaitSelect ? "every handle of the channels waited on is held by tasks blocked for good"
                      : chan ? "every handle of the channel is held by tasks blocked for good"
                      : g.why == kWaitWaitGroup ? "no task outside those blocked for good can reach the wait_group to call done()"
                      : g.why == kWaitOnce ? "the task running the function is blocked for good"
                      : g.why == kWaitRWMutexWrite ? "every reader it waits for is a task blocked for good"
                      : "the mutex is held by a task blocked for good";
    note.str(": ").str(why).str(", so nothing can wake ").str(g.count == 1 ? "it" : "them").str("; a proven leak");
  } else if (parked) {
    note.str(g.count == 1 ? " is" : " are").str(" blocked in ").str(wait_reason_name(g.why)).chr(' ').str(when);
    if (g.longest_ms >= 0) note.str(" (the longest for ").dec(static_cast<std::uint64_t>(g.longest_ms)).str(" ms)");
  } else {
    note.str(g.count == 1 ? " is" : " are").str(g.why == kNotScheduled ? " runnable (waiting for a worker) " : " still running ")
        .str(when).str(" (not blocked for good within ").dec(static_cast<std::uint64_t>(base::g_options.leak_grace_ms))
        .str(" ms)");
  }
  note.chr('.');
  heading.str(parked ? "Blocked in " : g.why == kNotScheduled ? "Runnable" : "Running");
  if (parked) heading.str(wait_reason_name(g.why));
  heading.str(" (task ").dec(g.first->id);
  if (g.count > 1) heading.str(" and ").dec(g.count - 1).str(" more like it");
  heading.chr(')');
  section_desc sections[2];
  std::size_t nsections = 0;
  sections[nsections++] = {"blocked", heading.c_str(), {report::actor_kind::task, g.first->id},
                           {where + skip, static_cast<std::size_t>(n - skip)}};
  const void* made_at = nullptr;
  object_heading.str("On ");
  if (parked && describe_wait_object(g.why, g.first->wait_object, object_heading, &made_at, g.first->id)) {
    if (made_at) object_heading.str(", made at");
    sections[nsections++] = {"object", object_heading.c_str(), {},
                             {reinterpret_cast<const std::uintptr_t*>(&made_at), made_at ? 1u : 0u}};
  }
  actor_desc task_desc;
  creation_frames frames;
  describe_task(g.first, &task_desc, now, &frames);
  report_desc r;
  r.kind = "leaked tasks";
  r.suppression = report::suppression_kind::leak;
  r.note = note.c_str();
  r.sections = sections;
  r.nsections = nsections;
  r.actors = &task_desc;
  r.nactors = 1;
  r.key[0] = reinterpret_cast<std::uintptr_t>(g.creator) ^ 0x6c65616bull;  // "leak"
  r.key[1] = g.at ^ static_cast<std::uintptr_t>(g.why);
  return report::submit_for_outcome(r) != report::outcome::suppressed;
}

struct proven_scan {
  group groups[kMaxGroups];
  std::size_t ngroups;
  std::int64_t now;
};

void add_proven(task* t, void* arg) {
  auto* sc = static_cast<proven_scan*>(arg);
  if (!t->parked_forever.load(std::memory_order_relaxed) || t->state.load(std::memory_order_acquire) != kTaskParked ||
      t->in_reported_deadlock.load(std::memory_order_relaxed) != kReportedNot)
    return;
  int why = t->why.load(std::memory_order_relaxed);
  std::uintptr_t at = wait_site(t);
  std::int64_t ms = (sc->now - t->wait_since) / 1000000;
  // (Beyond kMaxGroups groups at once: the next pass reports them.)
  join_group(sc->groups, &sc->ngroups, t, why, at, ms);
}

struct proven_mark {
  const group* g;
  std::uint8_t as;
};

// Marks the tasks of a reported group (the same key as add_proven's).
void mark_proven(task* t, void* arg) {
  auto* m = static_cast<proven_mark*>(arg);
  if (!t->parked_forever.load(std::memory_order_relaxed) || t->state.load(std::memory_order_acquire) != kTaskParked ||
      t->in_reported_deadlock.load(std::memory_order_relaxed) != kReportedNot || t->creator_pc != m->g->creator ||
      t->why.load(std::memory_order_relaxed) != m->g->why || wait_site(t) != m->g->at)
    return;
  t->in_reported_deadlock.store(m->as, std::memory_order_relaxed);
}

}  // namespace

void report_proven_leaks(bool settled) noexcept {
  if (!base::g_options.leak_check) return;
  auto* sc = static_cast<proven_scan*>(base::internal_calloc(1, sizeof(proven_scan)));
  sc->now = coarse_now_ns();
  for_each_task(add_proven, sc);
  if (sc->ngroups) std::fflush(stdout);
  for (std::size_t i = 0; i < sc->ngroups; i++) {
    bool made = report_group(sc->groups[i], sc->now, nullptr, proof::parked_forever);
    proven_mark m{&sc->groups[i], !made ? kReportedSuppressed : settled ? kReportedAtCheck : kReportedMade};
    for_each_task(mark_proven, &m);
  }
  base::internal_free(sc);
}

// ---------------------------------------------------------------------------
// The leak proof: tasks blocked for good on channels, and on mutexes held by
// such tasks, reported while the program runs.
//
// A task parked on a channel operation is woken only by another operation on
// that channel or its close, and both need a handle. A channel counts its
// handles (chan_core::refs: every chan<T>, send_chan, recv_chan; an after()
// timer and a context hold one too). If each one of them lies in the closure
// of a task that is itself blocked for good, nothing that runs can reach the
// channel again. "Blocked for good" is the largest set S of parked tasks in
// which
//   (a) a task waiting on channels (a send, a receive, a select: all its
//       channels) finds, for each channel, all its handles in closures of
//       tasks of S;
//   (b) a task waiting for a mutex, a once's function or a rw_mutex's writer
//       waits for a holder that is a task of S;
//   (b') a writer waiting for the readers of a rw_mutex finds them all among
//       the tasks of S (each task names the shares it holds);
//   (c) a task waiting on a wait_group finds it in the stack or the closure
//       of a task of S (itself included): not in a global, the heap or a
//       thread's stack, which code outside S may reach;
//   (d) no live task outside S holds, in its closure, a pointer into the
//       closure of a task of S (a reference to its handles: `[&ch]`) or into
//       a wait_group a task of S waits on (`[&wg]`: it could call done());
// plus the tasks parked for ever and those of a reported deadlock. S is found
// by starting from every such parked task and removing the ones that break a
// rule until none does; a removal can only break rules of others, never
// mend them, so the result is the largest such set, and every task in it
// waits for something only tasks in it could do.
//
// What it takes for granted (docs/library.md): a handle is reached by value
// (the way chan.h asks channels to be captured) or through a closure (rule
// (d)); a reference to a task's closure or to a wait_group kept somewhere
// else — on a stack, in the heap, by a std::thread's function — is not seen. Mutex waits rely on no
// task unlocking a mutex it does not hold, as the cycle check does (waits.cpp).
// Handles on a task's stack are not counted (a dead copy's bytes stay there):
// such a task is never in S, which only makes the proof find less.
//
// Tasks of S that wait for each other — each could be woken only by another
// of them (it holds a handle of the channel, the mutex, a pointer to the
// wait_group) — in a cycle through a channel or a wait_group are a
// communication deadlock, reported as one "deadlock (wait-for cycle)" naming
// them all (the strongly connected parts of that relation with two tasks or
// more; cycles of mutexes alone are the cycle check's). The others are
// reported as leaks, grouped.
//
// A task found on one pass is reported on the next (kWaitCycleDelayNs later)
// if it is still in the same park (task::parks) — a task being woken as the
// pass looks, or a handle read just before its holder copied it, does not
// survive the second look — or at once when the tasks have settled (the leak
// check at exit and check_leaks).
namespace {

constexpr int kMaxWaitChans = 16;  // a select on more channels is not proven

template <class T>
struct grow_array {
  T* at = nullptr;
  std::size_t n = 0, cap = 0;
  bool push(const T& x) {
    if (n == cap) {
      std::size_t c = cap ? cap * 2 : 256;
      T* bigger = static_cast<T*>(base::internal_realloc(at, c * sizeof(T)));
      if (!bigger) return false;
      at = bigger;
      cap = c;
    }
    at[n++] = x;
    return true;
  }
  bool reserve(std::size_t c) {
    if (c <= cap) return true;
    T* bigger = static_cast<T*>(base::internal_realloc(at, c * sizeof(T)));
    if (!bigger) return false;
    at = bigger;
    cap = c;
    return true;
  }
  ~grow_array() { base::internal_free(at); }
};

struct proof_task {
  task* t;
  // t's id, read once: the task struct may be handed to a new task (a new id)
  // while a pass runs, and a sort by a key that changes under it runs off
  // its array (seen: a checker crash under the spawn benchmark).
  std::uint64_t id;
  std::uintptr_t lo, hi;   // its closure, as scanned (8-byte words)
  std::uint64_t holder;    // mutex-like waits: who holds it
  std::int64_t since;
  std::uint32_t park;      // its park number when looked at
  bool inline_closure;     // on its own stack slot (always mapped)
  int why;
  int chan0, nchans;       // its channels: chan_refs indices in wait_chans[chan0..)
  std::uintptr_t wg, wg_size;  // the wait_group it waits on (0: none)
  const void* rw;          // a writer's rw_mutex (null: not a writer wait)
  int rw_need;             // the readers it still waits for
  int share0, nshares;     // the rw_mutexes it holds shared: shares[share0..)
  bool shares_unknown;     // it held more than it names
  std::int64_t wg_home;    // the task whose stack or closure holds it; -1: none
  bool candidate;          // parked in a wait the proof understands
  bool fixed;              // parked for ever, or in a reported deadlock
  bool in_s;
};

struct chan_count {
  const chan_core* c;
  std::size_t refs;  // handles, read once per pass
  std::size_t held;  // handles found in closures of S's tasks
};

struct link {
  std::uint32_t from;  // task index
  std::uint32_t to;    // chan index (handles) or task index (references)
};

// Memory a pointer to which, from a closure outside S, takes a task out of
// S: its closure (handles), the wait_group it waits on.
struct guarded_range {
  std::uintptr_t lo, hi;
  std::uint32_t task;
};

struct proof_state {
  grow_array<proof_task> tasks;
  grow_array<const chan_core*> wait_chans;  // the channels each task waits on, in a row
  grow_array<chan_count> chans;             // distinct, sorted by address
  grow_array<link> handles;                 // a handle of chans[to] in tasks[from]'s closure
  grow_array<link> refs;                    // tasks[from]'s closure points into tasks[to]'s
  grow_array<const void*> shares;           // the rw_mutexes each task holds shared, in a row
  grow_array<link> readers;                 // tasks[from] holds shared the rw_mutex tasks[to] waits to write
  bool shares_unknown = false;              // a task holds shares it does not name: no writer proven
  bool unscannable = false;                 // a closure could not be read: no proof this pass
  bool failed = false;                      // out of memory
};

bool chan_wait(int why) { return why == kWaitChanSend || why == kWaitChanRecv || why == kWaitSelect; }
bool holder_wait(int why) { return why == kWaitMutex || why == kWaitOnce || why == kWaitRWMutexRead; }
bool group_wait(int why) { return why == kWaitWaitGroup; }
bool writer_wait(int why) { return why == kWaitRWMutexWrite; }

void collect_proof_task(task* t, void* arg) {
  auto* ps = static_cast<proof_state*>(arg);
  std::uint32_t park = t->parks.load(std::memory_order_acquire);
  int st = t->state.load(std::memory_order_acquire);
  if (st == kTaskFree) return;
  proof_task x{};
  x.t = t;
  x.id = __atomic_load_n(&t->id, __ATOMIC_RELAXED);
  // (Read while the slot may be handed to a new task: where the closure
  // lies decides how it is read, not closure_on_heap.)
  auto base = reinterpret_cast<std::uintptr_t>(t->closure);
  x.lo = (base + 7) & ~std::uintptr_t(7);
  x.hi = (base + t->closure_size) & ~std::uintptr_t(7);
  if (x.hi < x.lo) x.hi = x.lo;
  auto slot_lo = reinterpret_cast<std::uintptr_t>(t->stack_lo), slot_hi = reinterpret_cast<std::uintptr_t>(t->stack_hi);
  x.inline_closure = x.lo >= slot_lo && x.lo < slot_hi;
  if (x.inline_closure && x.hi > slot_hi) x.hi = slot_hi;
  x.chan0 = static_cast<int>(ps->wait_chans.n);
  // The shares it holds (a running task's may change as they are read: it
  // is not in S anyway, and a writer it blocks is not proven).
  x.share0 = static_cast<int>(ps->shares.n);
  std::uint8_t held = t->read_held_n.load(std::memory_order_acquire);
  if (!t->read_held_exact.load(std::memory_order_relaxed) || held > task::kReadHeldMax) {
    ps->shares_unknown = true;
  } else {
    for (int i = 0; i < held; i++) ps->failed |= !ps->shares.push(t->read_held[i].load(std::memory_order_relaxed));
    x.nshares = held;
  }
  if (st == kTaskParked) {
    x.park = park;
    x.why = t->why.load(std::memory_order_relaxed);
    x.since = t->wait_since;
    x.fixed = t->parked_forever.load(std::memory_order_relaxed) ||
              t->in_reported_deadlock.load(std::memory_order_relaxed) != kReportedNot;
    if (x.fixed) {
      x.candidate = true;
    } else {
      const chan_core* cs[kMaxWaitChans];
      int n = 0;
      if (chan_wait(x.why)) n = chan_wait_channels(x.why, t->wait_object, cs, kMaxWaitChans, slot_lo, slot_hi);
      else if (holder_wait(x.why)) x.holder = wait_holder(x.why, t->wait_object);
      else if (group_wait(x.why))
        x.wg = reinterpret_cast<std::uintptr_t>(wait_group_of_wait(t->wait_object, &x.wg_size));
      else if (writer_wait(x.why))
        x.rw = rw_write_wait(t->wait_object, &x.rw_need);
      // What was read is the wait's only if the task stayed in this park
      // meanwhile (a seqlock's check: a new park counts first).
      std::atomic_thread_fence(std::memory_order_acquire);
      bool steady = t->state.load(std::memory_order_relaxed) == kTaskParked && t->parks.load(std::memory_order_relaxed) == park;
      if (steady && n > 0 && n <= kMaxWaitChans) {
        for (int i = 0; i < n; i++) ps->failed |= !ps->wait_chans.push(cs[i]);
        x.nchans = n;
        x.candidate = true;
      }
      x.candidate |= steady && x.holder != 0 && !(x.holder & kThreadIdBit);
      x.candidate |= steady && x.wg != 0;
      x.candidate |= steady && x.rw != nullptr && x.rw_need > 0;
    }
  }
  x.in_s = x.candidate;
  ps->failed |= !ps->tasks.push(x);
}

// Reads the 8-byte words of another task's closure [lo, hi), calling f on
// each. A closure on the task's own stack slot
// stays mapped for good; one on the heap may be freed under the read if the
// task wakes and ends meanwhile, so it is read with process_vm_readv, which
// fails instead of faulting.
template <class F>
bool for_each_closure_word(const proof_task& x, F f) {
  if (x.hi == x.lo) return true;
  if (x.inline_closure) {
    for (std::uintptr_t a = x.lo; a < x.hi; a += 8) f(__atomic_load_n(reinterpret_cast<const std::uintptr_t*>(a), __ATOMIC_RELAXED));
    return true;
  }
  std::uintptr_t buf[512];
  pid_t self = getpid();
  for (std::uintptr_t a = x.lo; a < x.hi;) {
    std::size_t len = std::min<std::size_t>(sizeof buf, x.hi - a);
    iovec local{buf, len}, remote{reinterpret_cast<void*>(a), len};
    if (process_vm_readv(self, &local, 1, &remote, 1, 0) != static_cast<ssize_t>(len)) return false;
    for (std::size_t i = 0; i < len / 8; i++) f(buf[i]);
    a += len;
  }
  return true;
}

// Where each waited-on wait_group lives: the task whose stack slot or
// closure holds it (rule (c)).
void find_wait_group_homes(proof_state& ps) {
  grow_array<std::uint32_t> by_slot;
  for (std::size_t i = 0; i < ps.tasks.n; i++) ps.failed |= !by_slot.push(static_cast<std::uint32_t>(i));
  auto slot_lo = [&](std::uint32_t k) { return reinterpret_cast<std::uintptr_t>(ps.tasks.at[k].t->stack_lo); };
  std::sort(by_slot.at, by_slot.at + by_slot.n, [&](std::uint32_t a, std::uint32_t b) { return slot_lo(a) < slot_lo(b); });
  for (std::size_t i = 0; i < ps.tasks.n && !ps.failed; i++) {
    proof_task& x = ps.tasks.at[i];
    x.wg_home = -1;
    if (!x.wg) continue;
    std::uint32_t* e = by_slot.at + by_slot.n;
    std::uint32_t* o = std::upper_bound(by_slot.at, e, x.wg, [&](std::uintptr_t v, std::uint32_t k) { return v < slot_lo(k); });
    if (o != by_slot.at && x.wg + x.wg_size <= reinterpret_cast<std::uintptr_t>(ps.tasks.at[o[-1]].t->stack_hi)) {
      x.wg_home = o[-1];
      continue;
    }
    for (std::size_t k = 0; k < ps.tasks.n; k++)  // a closure on the heap (rare: over 1 KiB)
      if (!ps.tasks.at[k].inline_closure && x.wg >= ps.tasks.at[k].lo && x.wg + x.wg_size <= ps.tasks.at[k].hi)
        x.wg_home = static_cast<std::int64_t>(k);
  }
}

// Who holds shared each rw_mutex a writer waits for (rule (b')). If some
// task holds shares it does not name, no writer can be proven this pass.
void find_readers(proof_state& ps) {
  bool any_writer = false;
  for (std::size_t i = 0; i < ps.tasks.n; i++) any_writer |= ps.tasks.at[i].candidate && ps.tasks.at[i].rw;
  if (!any_writer) return;
  for (std::size_t w = 0; w < ps.tasks.n; w++) {
    proof_task& x = ps.tasks.at[w];
    if (!x.candidate || !x.rw) continue;
    if (ps.shares_unknown) {
      x.candidate = x.in_s = false;
      continue;
    }
    for (std::size_t u = 0; u < ps.tasks.n && !ps.failed; u++) {
      const proof_task& y = ps.tasks.at[u];
      for (int k = 0; k < y.nshares; k++)
        if (ps.shares.at[y.share0 + k] == x.rw)
          ps.failed |= !ps.readers.push({static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(w)});
    }
  }
  std::sort(ps.readers.at, ps.readers.at + ps.readers.n, [](const link& a, const link& b) { return a.to < b.to; });
}

// The handles and references in every live task's closure.
void scan_closures(proof_state& ps) {
  // What rule (d) guards, by address.
  grow_array<guarded_range> guarded;
  for (std::size_t i = 0; i < ps.tasks.n; i++) {
    const proof_task& x = ps.tasks.at[i];
    if (!x.candidate || x.fixed) continue;
    if (x.hi > x.lo) ps.failed |= !guarded.push({x.lo, x.hi, static_cast<std::uint32_t>(i)});
    if (x.wg) ps.failed |= !guarded.push({x.wg, x.wg + x.wg_size, static_cast<std::uint32_t>(i)});
  }
  std::sort(guarded.at, guarded.at + guarded.n, [](const guarded_range& a, const guarded_range& b) { return a.lo < b.lo; });
  for (std::size_t i = 0; i < ps.tasks.n && !ps.failed; i++) {
    const proof_task& x = ps.tasks.at[i];
    auto from = static_cast<std::uint32_t>(i);
    bool ok = for_each_closure_word(x, [&](std::uintptr_t w) {
      if (w < 4096) return;
      chan_count* end = ps.chans.at + ps.chans.n;
      chan_count* c = std::lower_bound(ps.chans.at, end, w, [](const chan_count& cc, std::uintptr_t v) {
        return reinterpret_cast<std::uintptr_t>(cc.c) < v;
      });
      if (c != end && reinterpret_cast<std::uintptr_t>(c->c) == w)
        ps.failed |= !ps.handles.push({from, static_cast<std::uint32_t>(c - ps.chans.at)});
      // Ranges do not overlap but for a wait_group inside a closure: look
      // at the few ranges that start at or below w.
      guarded_range* ge = guarded.at + guarded.n;
      guarded_range* o = std::upper_bound(guarded.at, ge, w, [](std::uintptr_t v, const guarded_range& g) { return v < g.lo; });
      for (int k = 0; k < 4 && o != guarded.at; k++) {
        --o;
        if (w < o->hi && o->task != from) ps.failed |= !ps.refs.push({from, o->task});
      }
    });
    if (!ok) {
      // A closure that went away under the read belongs to a task that is
      // running now; one that cannot be read at all: no proof this pass.
      if (x.candidate) ps.tasks.at[i].in_s = ps.tasks.at[i].candidate = false;
      else ps.unscannable = true;
    }
  }
}

// Every task's index, sorted by task id (to find a holder).
void index_by_id(proof_state& ps, grow_array<std::uint32_t>& by_id) {
  for (std::size_t i = 0; i < ps.tasks.n; i++) ps.failed |= !by_id.push(static_cast<std::uint32_t>(i));
  std::sort(by_id.at, by_id.at + by_id.n, [&](std::uint32_t a, std::uint32_t b) { return ps.tasks.at[a].id < ps.tasks.at[b].id; });
}

// The index of the task with this id (a holder), or -1 if it is gone.
std::int64_t find_by_id(const proof_state& ps, const grow_array<std::uint32_t>& by_id, std::uint64_t id) {
  std::uint32_t* end = by_id.at + by_id.n;
  std::uint32_t* h = std::lower_bound(by_id.at, end, id, [&](std::uint32_t a, std::uint64_t v) { return ps.tasks.at[a].id < v; });
  return h != end && ps.tasks.at[*h].id == id ? static_cast<std::int64_t>(*h) : -1;
}

// Removes from S the tasks that break a rule, until none does. Returns false
// if it did not settle within a bound (then nothing is proven this pass).
bool shrink_to_fixpoint(proof_state& ps, const grow_array<std::uint32_t>& by_id) {
  for (int round = 0; round < 256; round++) {
    bool changed = false;
    for (std::size_t c = 0; c < ps.chans.n; c++) ps.chans.at[c].held = 0;
    for (std::size_t k = 0; k < ps.handles.n; k++)
      if (ps.tasks.at[ps.handles.at[k].from].in_s) ps.chans.at[ps.handles.at[k].to].held++;
    for (std::size_t k = 0; k < ps.refs.n; k++) {
      proof_task& to = ps.tasks.at[ps.refs.at[k].to];
      if (!ps.tasks.at[ps.refs.at[k].from].in_s && to.in_s) {
        to.in_s = false;
        changed = true;
      }
    }
    for (std::size_t i = 0; i < ps.tasks.n; i++) {
      proof_task& x = ps.tasks.at[i];
      if (!x.in_s || x.fixed) continue;
      bool keep = true;
      if (x.nchans) {
        for (int k = 0; k < x.nchans && keep; k++) {
          const chan_core* c = ps.wait_chans.at[x.chan0 + k];
          chan_count* end = ps.chans.at + ps.chans.n;
          chan_count* cc = std::lower_bound(ps.chans.at, end, c, [](const chan_count& a, const chan_core* v) { return a.c < v; });
          keep = cc != end && cc->c == c && cc->held >= cc->refs;
        }
      } else if (x.wg) {
        keep = x.wg_home >= 0 && ps.tasks.at[x.wg_home].in_s;
      } else if (x.rw) {
        // Every reader it waits for is a task of S (a thread's share, or
        // one a task took for another, leaves the count short).
        link* l = std::lower_bound(ps.readers.at, ps.readers.at + ps.readers.n, static_cast<std::uint32_t>(i),
                                   [](const link& a, std::uint32_t v) { return a.to < v; });
        int found = 0;
        for (; l != ps.readers.at + ps.readers.n && l->to == i; l++) {
          found++;
          keep &= ps.tasks.at[l->from].in_s;
        }
        keep &= found == x.rw_need;
      } else {
        std::int64_t h = find_by_id(ps, by_id, x.holder);
        keep = h >= 0 && ps.tasks.at[h].in_s;
      }
      if (!keep) {
        x.in_s = false;
        changed = true;
      }
    }
    if (!changed) return true;
  }
  return false;
}

// Is x's wait, followed through mutex holders, a cycle of mutex waits? Those
// are the cycle check's to report (as a deadlock), not this proof's.
bool on_unreported_cycle(const proof_state& ps, const grow_array<std::uint32_t>& by_id, std::size_t i) {
  std::size_t steps = 0;
  for (std::size_t k = i; steps <= ps.tasks.n; steps++) {
    const proof_task& x = ps.tasks.at[k];
    if (x.fixed || x.nchans || x.wg || x.rw || !x.holder) return false;
    std::int64_t h = find_by_id(ps, by_id, x.holder);
    if (h < 0) return false;
    k = static_cast<std::size_t>(h);
    if (k == i) return true;
  }
  return true;  // a cycle not through i, which i waits behind: the cycle check first
}

// Who in S could wake whom: an edge from a task to each other task of S that
// holds a handle of a channel it waits on (and does not wait on that channel
// itself), holds the mutex it waits for, has the wait_group it waits on in
// its stack, or a pointer into its closure or wait_group (and does not wait
// on that wait_group itself). Then the strongly connected parts (Tarjan's algorithm, with an
// explicit stack: S may hold 100,000 tasks). comp[i]: the part of task i
// (-1: not in S); returns how many parts.
struct wake_graph {
  grow_array<std::uint32_t> first;  // edges of task i: to[first[i] .. first[i+1])
  grow_array<std::uint32_t> to;
};

void build_wake_graph(proof_state& ps, const grow_array<std::uint32_t>& by_id, wake_graph& g) {
  // Handles by channel.
  grow_array<link> by_chan;
  for (std::size_t k = 0; k < ps.handles.n; k++) ps.failed |= !by_chan.push(ps.handles.at[k]);
  std::sort(by_chan.at, by_chan.at + by_chan.n, [](const link& a, const link& b) { return a.to < b.to; });
  grow_array<link> incoming;  // refs by target
  for (std::size_t k = 0; k < ps.refs.n; k++) ps.failed |= !incoming.push(ps.refs.at[k]);
  std::sort(incoming.at, incoming.at + incoming.n, [](const link& a, const link& b) { return a.to < b.to; });
  for (std::size_t i = 0; i < ps.tasks.n && !ps.failed; i++) {
    ps.failed |= !g.first.push(static_cast<std::uint32_t>(g.to.n));
    const proof_task& x = ps.tasks.at[i];
    if (!x.in_s || x.fixed) continue;
    auto edge = [&](std::uint32_t u) {
      if (u != i && ps.tasks.at[u].in_s && !ps.tasks.at[u].fixed) ps.failed |= !g.to.push(u);
    };
    // A task waiting on the same channel (or wait_group) is no waker of it:
    // 999 senders on one channel nobody reads are 999 leaks, not a cycle.
    auto waits_on = [&](std::uint32_t u, const chan_core* c) {
      const proof_task& y = ps.tasks.at[u];
      for (int k = 0; k < y.nchans; k++)
        if (ps.wait_chans.at[y.chan0 + k] == c) return true;
      return false;
    };
    for (int k = 0; k < x.nchans; k++) {
      const chan_core* c = ps.wait_chans.at[x.chan0 + k];
      chan_count* cc = std::lower_bound(ps.chans.at, ps.chans.at + ps.chans.n, c,
                                        [](const chan_count& a, const chan_core* v) { return a.c < v; });
      auto ci = static_cast<std::uint32_t>(cc - ps.chans.at);
      link* l = std::lower_bound(by_chan.at, by_chan.at + by_chan.n, ci, [](const link& a, std::uint32_t v) { return a.to < v; });
      for (; l != by_chan.at + by_chan.n && l->to == ci; l++)
        if (!waits_on(l->from, c)) edge(l->from);
    }
    if (x.wg && x.wg_home >= 0 && ps.tasks.at[x.wg_home].wg != x.wg) edge(static_cast<std::uint32_t>(x.wg_home));
    if (x.rw) {
      link* r = std::lower_bound(ps.readers.at, ps.readers.at + ps.readers.n, static_cast<std::uint32_t>(i),
                                 [](const link& a, std::uint32_t v) { return a.to < v; });
      for (; r != ps.readers.at + ps.readers.n && r->to == i; r++) edge(r->from);
    }
    if (x.holder) {
      std::int64_t h = find_by_id(ps, by_id, x.holder);
      if (h >= 0) edge(static_cast<std::uint32_t>(h));
    }
    link* l = std::lower_bound(incoming.at, incoming.at + incoming.n, static_cast<std::uint32_t>(i),
                               [](const link& a, std::uint32_t v) { return a.to < v; });
    for (; l != incoming.at + incoming.n && l->to == i; l++)
      if (!x.wg || ps.tasks.at[l->from].wg != x.wg) edge(l->from);
  }
  ps.failed |= !g.first.push(static_cast<std::uint32_t>(g.to.n));
}

std::size_t strongly_connected(const proof_state& ps, const wake_graph& g, std::int64_t* comp) {
  std::size_t n = ps.tasks.n, parts = 0, counter = 0;
  auto* index = static_cast<std::int64_t*>(base::internal_calloc(n, sizeof(std::int64_t)));
  auto* low = static_cast<std::int64_t*>(base::internal_calloc(n, sizeof(std::int64_t)));
  auto* on = static_cast<bool*>(base::internal_calloc(n, sizeof(bool)));
  auto* stack = static_cast<std::uint32_t*>(base::internal_calloc(n, sizeof(std::uint32_t)));
  auto* call = static_cast<std::uint32_t*>(base::internal_calloc(n, sizeof(std::uint32_t)));  // DFS: node
  auto* next = static_cast<std::uint32_t*>(base::internal_calloc(n, sizeof(std::uint32_t)));  // its next edge
  std::size_t sp = 0;
  for (std::size_t i = 0; i < n; i++) {
    comp[i] = -1;
    index[i] = -1;
  }
  for (std::size_t root = 0; root < n; root++) {
    if (index[root] >= 0 || !ps.tasks.at[root].in_s || ps.tasks.at[root].fixed) continue;
    std::size_t depth = 0;
    auto enter = [&](std::uint32_t v) {
      index[v] = low[v] = static_cast<std::int64_t>(counter++);
      stack[sp++] = v;
      on[v] = true;
      call[depth] = v;
      next[depth] = g.first.at[v];
      depth++;
    };
    enter(static_cast<std::uint32_t>(root));
    while (depth) {
      std::uint32_t v = call[depth - 1];
      if (next[depth - 1] < g.first.at[v + 1]) {
        std::uint32_t w = g.to.at[next[depth - 1]++];
        if (index[w] < 0) enter(w);
        else if (on[w]) low[v] = std::min(low[v], index[w]);
        continue;
      }
      depth--;
      if (depth) low[call[depth - 1]] = std::min(low[call[depth - 1]], low[v]);
      if (low[v] == index[v]) {
        std::uint32_t w;
        do {
          w = stack[--sp];
          on[w] = false;
          comp[w] = static_cast<std::int64_t>(parts);
        } while (w != v);
        parts++;
      }
    }
  }
  for (void* p : {static_cast<void*>(index), static_cast<void*>(low), static_cast<void*>(on), static_cast<void*>(stack),
                  static_cast<void*>(call), static_cast<void*>(next)})
    base::internal_free(p);
  return parts;
}

}  // namespace

bool prove_unreachable_waits(bool settled) noexcept {
  if (!base::g_options.leak_check) return false;
  // Everyone asleep: the global deadlock report names them all.
  if (!settled && all_asleep()) return false;
  auto* ps = new (base::internal_calloc(1, sizeof(proof_state))) proof_state();
  bool again = false;
  // Room for every live task at once (a rough count: growing by doubling
  // would copy and fault in 100,000 records several times per pass).
  std::size_t live = 0;
  for_each_task([](task*, void* n) { ++*static_cast<std::size_t*>(n); }, &live);
  ps->failed |= !ps->tasks.reserve(live + 64) || !ps->wait_chans.reserve(live + 64);
  for_each_task(collect_proof_task, ps);
  // The channels waited on, with their handle counts.
  for (std::size_t i = 0; i < ps->wait_chans.n && !ps->failed; i++) ps->failed |= !ps->chans.push({ps->wait_chans.at[i], 0, 0});
  std::sort(ps->chans.at, ps->chans.at + ps->chans.n, [](const chan_count& a, const chan_count& b) { return a.c < b.c; });
  ps->chans.n = static_cast<std::size_t>(
      std::unique(ps->chans.at, ps->chans.at + ps->chans.n, [](const chan_count& a, const chan_count& b) { return a.c == b.c; }) -
      ps->chans.at);
  // A channel is alive while a task waits on it (through a handle), but one
  // whose waiter has woken meanwhile may be gone: its count is read with
  // process_vm_readv, which fails instead of faulting (and the task is then
  // not in its park any more: the confirmation drops it).
  // Read in batches (one system call for up to kBatch channels); a read
  // that fails ends its batch's call there, and the rest are read again.
  static_assert(offsetof(chan_core, refs) == 0);
  constexpr std::size_t kBatch = 256;
  pid_t self = getpid();
  for (std::size_t c = 0; c < ps->chans.n;) {
    std::size_t n = std::min(kBatch, ps->chans.n - c);
    iovec local[kBatch], remote[kBatch];
    for (std::size_t k = 0; k < n; k++) {
      ps->chans.at[c + k].refs = ~std::size_t(0);  // unreadable: never proven
      local[k] = {&ps->chans.at[c + k].refs, sizeof(std::size_t)};
      remote[k] = {const_cast<chan_core*>(ps->chans.at[c + k].c), sizeof(std::size_t)};
    }
    ssize_t got = process_vm_readv(self, local, n, remote, n, 0);
    std::size_t done = got > 0 ? static_cast<std::size_t>(got) / sizeof(std::size_t) : 0;
    if (done < n) ps->chans.at[c + done].refs = ~std::size_t(0), done++;  // the one that failed (maybe half read)
    c += done;
  }
  if (!ps->failed) find_wait_group_homes(*ps);
  if (!ps->failed) find_readers(*ps);
  if (!ps->failed) scan_closures(*ps);
  grow_array<std::uint32_t> by_id;
  if (!ps->failed) index_by_id(*ps, by_id);
  if (!ps->failed && !ps->unscannable && shrink_to_fixpoint(*ps, by_id)) {
    std::int64_t now = coarse_now_ns();  // (before any report: symbolizing takes time)
    // Communication deadlocks first: the parts of two tasks or more with a
    // wait on a channel or a wait_group, reported once all are confirmed.
    wake_graph wg;
    build_wake_graph(*ps, by_id, wg);
    auto* comp = static_cast<std::int64_t*>(base::internal_calloc(ps->tasks.n ? ps->tasks.n : 1, sizeof(std::int64_t)));
    std::size_t parts = ps->failed ? 0 : strongly_connected(*ps, wg, comp);
    struct part_info {
      std::uint32_t size;
      bool communication;  // a member waits on a channel, a wait_group or readers
      bool confirmed;      // every member found on the last pass too
    };
    auto* info = static_cast<part_info*>(base::internal_calloc(parts ? parts : 1, sizeof(part_info)));
    for (std::size_t p = 0; p < parts; p++) info[p].confirmed = true;
    for (std::size_t i = 0; i < ps->tasks.n && parts; i++) {
      if (comp[i] < 0) continue;
      proof_task& x = ps->tasks.at[i];
      part_info& pi = info[comp[i]];
      pi.size++;
      pi.communication |= x.nchans > 0 || x.wg != 0 || x.rw != nullptr;
      pi.confirmed &= settled || x.t->proven_park == x.park;
    }
    auto in_deadlock = [&](std::size_t i) { return comp[i] >= 0 && info[comp[i]].size >= 2 && info[comp[i]].communication; };
    for (std::size_t p = 0; p < parts && !ps->failed; p++) {
      if (info[p].size < 2 || !info[p].communication) continue;
      if (!info[p].confirmed) {
        for (std::size_t i = 0; i < ps->tasks.n; i++)
          if (comp[i] == static_cast<std::int64_t>(p)) ps->tasks.at[i].t->proven_park = ps->tasks.at[i].park;
        again = true;
        continue;
      }
      grow_array<task*> members;
      for (std::size_t i = 0; i < ps->tasks.n; i++)
        if (comp[i] == static_cast<std::int64_t>(p)) ps->failed |= !members.push(ps->tasks.at[i].t);
      if (!ps->failed) report_wait_cycle(members.at, members.n, settled);
    }
    auto* sc = static_cast<proven_scan*>(base::internal_calloc(1, sizeof(proven_scan)));
    auto* pending = static_cast<proven_scan*>(base::internal_calloc(1, sizeof(proven_scan)));
    sc->now = now;
    grow_array<std::uint32_t> confirmed;
    grow_array<std::uintptr_t> sites;
    for (std::size_t i = 0; i < ps->tasks.n && !ps->failed; i++) {
      proof_task& x = ps->tasks.at[i];
      if (!x.in_s || x.fixed || in_deadlock(i) || on_unreported_cycle(*ps, by_id, i)) continue;
      // Grouped as the leak check groups (where made, what in, where); the
      // place is found once per park (unwinding 100,000 stacks per pass
      // would cost more than the rest of the pass).
      bool seen = x.t->proven_park == x.park;
      std::uintptr_t at = seen ? x.t->proven_site : wait_site(x.t);
      std::int64_t ms = (sc->now - x.since) / 1000000;
      // Confirmed: found on the last pass too, in the same park.
      if (!settled && !seen) {
        x.t->proven_park = x.park;
        x.t->proven_site = at;
        again = true;
        join_group(pending->groups, &pending->ngroups, x.t, x.why, at, ms);
        continue;
      }
      ps->failed |= !confirmed.push(static_cast<std::uint32_t>(i)) || !sites.push(at);
      join_group(sc->groups, &sc->ngroups, x.t, x.why, at, ms);
    }
    for (std::size_t g = 0; g < sc->ngroups && !ps->failed; g++) {
      const group& gr = sc->groups[g];
      // A group that tasks are still joining (a loop leaking one per round,
      // found pass after pass) is reported once whole, so its count is the
      // number left behind — or after kGrowingMs, if it keeps growing (a
      // server leaking a task per request: later ones are counted in the
      // exit line, not reported again).
      constexpr std::int64_t kGrowingMs = 10'000;
      bool growing = false;
      for (std::size_t p = 0; p < pending->ngroups; p++)
        growing |= pending->groups[p].creator == gr.creator && pending->groups[p].why == gr.why && pending->groups[p].at == gr.at;
      if (growing && gr.longest_ms < kGrowingMs) continue;
      std::fflush(stdout);  // the program's output so far first
      bool made = report_group(gr, sc->now, nullptr, proof::unreachable);
      for (std::size_t k = 0; k < confirmed.n; k++) {
        task* t = ps->tasks.at[confirmed.at[k]].t;
        if (t->creator_pc == gr.creator && ps->tasks.at[confirmed.at[k]].why == gr.why && sites.at[k] == gr.at)
          t->in_reported_deadlock.store(!made ? kReportedSuppressed : settled ? kReportedAtCheck : kReportedMade,
                                        std::memory_order_relaxed);
      }
    }
    // Beyond kMaxGroups groups at once: the next pass reports the rest.
    if (confirmed.n && sc->ngroups == kMaxGroups) again = true;
    base::internal_free(sc);
    base::internal_free(pending);
    base::internal_free(info);
    base::internal_free(comp);
  }
  ps->~proof_state();
  base::internal_free(ps);
  return again;
}

std::size_t check_task_leaks(std::uint64_t since, bool at_exit) noexcept {
  if (!base::g_options.leak_check) return 0;
  task* self = current_task();
  settle(self, since);
  // Tasks waiting for each other's mutexes are a deadlock, reported as one
  // (the checker thread's check may not have confirmed it yet).
  wait_cycle_pass(/*settled=*/true);
  // Large: on vigil's heap, not on a caller's (maybe small) stack.
  auto* sc = static_cast<scan*>(base::internal_calloc(1, sizeof(scan)));
  sc->self = self;
  sc->since = since;
  sc->now = coarse_now_ns();
  for_each_task(add_to_group, sc);
  // The program's output so far first, as it happened (a pipe's stdout is
  // only flushed after the exit handlers).
  if (sc->ngroups || sc->in_deadlocks) std::fflush(stdout);
  for (std::size_t i = 0; i < sc->ngroups; i++)
    if (!report_group(sc->groups[i], sc->now, at_exit ? "at exit" : "when checked (vigil::check_leaks)"))
      sc->total -= sc->groups[i].count;  // suppressed: not left behind as far as the caller is told
  if (sc->in_deadlocks) {
    dyn_text t;
    t.str("vigil: ").dec(sc->in_deadlocks).str(sc->in_deadlocks == 1 ? " task" : " tasks")
        .str(" still blocked as reported above (not repeated)\n");
    report::write_text(t.c_str(), t.size());
  }
  if (sc->ungrouped) {
    dyn_text t;
    t.str("vigil: ").dec(sc->ungrouped).str(" more leaked tasks in groups beyond the first ").dec(kMaxGroups)
        .str(" reported\n");
    report::write_text(t.c_str(), t.size());
  }
  std::size_t total = sc->total;
  base::internal_free(sc);
  // What this check reported is, for the next one, reported before.
  for_each_task(
      [](task* t, void*) {
        std::uint8_t at_check = kReportedAtCheck;
        t->in_reported_deadlock.compare_exchange_strong(at_check, kReportedMade, std::memory_order_relaxed);
      },
      nullptr);
  // A test's check (with a mark): its threads never joined nor detached
  // too, from the detector, which tracks threads.
  if (!at_exit && since > 0)
    if (const vigil_event_hooks* h = event_hooks()) total += h->thread_leaks(since);
  return total;
}

}  // namespace vigil::detail

namespace vigil {
std::size_t check_leaks(std::uint64_t since) noexcept { return detail::check_task_leaks(since, false); }
std::uint64_t leak_mark() noexcept { return report::new_leak_epoch(); }
std::uint64_t report_epoch(std::uint32_t index) noexcept { return report::report_epoch(index); }
std::uint32_t reports_made() noexcept { return report::reports_made(); }
std::uint32_t reports_repeated() noexcept { return report::reports_repeated(); }
std::string report_summary(std::uint32_t index) {
  char buf[256];
  std::size_t n = report::report_summary(index, buf, sizeof buf);
  return std::string(buf, n);
}
}  // namespace vigil
