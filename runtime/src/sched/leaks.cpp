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
#include <cstring>
#include <ctime>

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
  std::uint64_t in_deadlocks;  // parked in a deadlock reported while running
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
    if (r == kReportedMade) {
      sc->total++;
      sc->in_deadlocks++;
    }
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

// Reports the group; false if a suppression took it (its tasks are not
// counted as left behind).
// proven: parked for ever (`when` is then not used).
bool report_group(const group& g, std::int64_t now, const char* when, bool proven = false) {
  std::uintptr_t where[kMaxFrames];
  int n = 0, skip = 0;
  bool parked = g.why != kWaitNone && g.why != kNotScheduled;
  if (g.first->state.load(std::memory_order_acquire) != kTaskRunning) {
    n = task_stack(g.first, where, kMaxFrames);
    skip = skip_library_frames(where, n);
  }
  dyn_text note, heading, object_heading;
  note.dec(g.count).str(g.count == 1 ? " task" : " tasks");
  if (parked && proven) {
    note.str(g.count == 1 ? " is" : " are").str(" blocked for ever in ").str(wait_reason_name(g.why))
        .str(": nothing can wake ").str(g.count == 1 ? "it" : "them")
        .str(", a leak proven while the program runs");
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

void report_proven_leaks() noexcept {
  if (!base::g_options.leak_check) return;
  auto* sc = static_cast<proven_scan*>(base::internal_calloc(1, sizeof(proven_scan)));
  sc->now = coarse_now_ns();
  for_each_task(add_proven, sc);
  if (sc->ngroups) std::fflush(stdout);
  for (std::size_t i = 0; i < sc->ngroups; i++) {
    bool made = report_group(sc->groups[i], sc->now, nullptr, /*proven=*/true);
    proven_mark m{&sc->groups[i], made ? kReportedMade : kReportedSuppressed};
    for_each_task(mark_proven, &m);
  }
  base::internal_free(sc);
}

std::size_t check_task_leaks(std::uint64_t since, bool at_exit) noexcept {
  if (!base::g_options.leak_check) return 0;
  task* self = current_task();
  settle(self, since);
  // Tasks waiting for each other's mutexes are a deadlock, reported as one
  // (the timer thread's check may not have confirmed it yet).
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
        .str(" still blocked as reported while the program ran (not repeated)\n");
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
