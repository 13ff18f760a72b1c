// waits.cpp — what a blocked task or thread waits on, who holds it, and the
// cycles of waits that nothing can break (partial deadlocks).
//
// The wait-for graph: a task or thread parked on a vigil::mutex waits for its
// holder (the self_id() the mutex stored when it was locked); one parked in
// rw_mutex::lock_shared behind a pending writer waits for that writer (the
// holder of the rw_mutex's writer mutex); a once's callers (kWaitOnce) wait
// on the once's mutex, held by the caller running its function. Every other wait
// (a channel, a wait_group, readers a writer waits for) names no single
// waker and has no edge: those are found by the leak check at exit and the
// global deadlock check.
//
// Each waiter has at most one edge, so the graph is functional and its
// cycles are found by following edges. A cycle of parked waiters can never
// be broken from inside it, and nobody outside it holds the mutexes it waits
// for: it is a deadlock however the rest of the program runs on (unless a
// task unlocks a mutex it does not hold, which Go allows and vigil does not
// foresee — see sync.h). Reported once confirmed: the same waiters, still
// parked since the same moments, on two passes kWaitCycleDelayNs apart (a
// holder read in the instant between its locker's CAS and its store of
// holder_, or a waiter being woken, never survives the second look).
#include "sched/internal.h"

#include <vigil/sync.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>

#include <unistd.h>

#include "base/alloc.h"
#include "report/report.h"

namespace vigil::detail {

// The sync types' private state, for reports (sync.h's friend).
struct sync_access {
  static bool mutex_locked(const mutex* m) noexcept {
    return m->state_.load(std::memory_order_relaxed) & mutex::kLocked;
  }
  static std::uint64_t mutex_holder(const mutex* m) noexcept {
    return mutex_locked(m) ? m->holder_.load(std::memory_order_relaxed) : 0;
  }
  // A reader parked on reader_sem_: the rw_mutex it belongs to.
  static const rw_mutex* rw_of_reader_sem(const void* s) noexcept {
    return reinterpret_cast<const rw_mutex*>(static_cast<const char*>(s) - offsetof(rw_mutex, reader_sem_));
  }
  static const rw_mutex* rw_of_writer_sem(const void* s) noexcept {
    return reinterpret_cast<const rw_mutex*>(static_cast<const char*>(s) - offsetof(rw_mutex, writer_sem_));
  }
  static const mutex* rw_writer_mutex(const rw_mutex* rw) noexcept { return &rw->w_; }
  // A parked writer waits on w_ (kWaitMutex, object &w_): it names the
  // rw_mutex's own address.
  static_assert(offsetof(rw_mutex, w_) == 0);
  static std::int32_t rw_departing(const rw_mutex* rw) noexcept {
    return rw->departing_.load(std::memory_order_relaxed);
  }
  // A caller of once::call parked on the once's mutex: the once.
  static const once* once_of_mutex(const void* m) noexcept {
    return reinterpret_cast<const once*>(static_cast<const char*>(m) - offsetof(once, m_));
  }
  static const wait_group* wg_of_sema(const void* s) noexcept {
    return reinterpret_cast<const wait_group*>(static_cast<const char*>(s) - offsetof(wait_group, sema_));
  }
  static std::uint64_t wg_state(const wait_group* wg) noexcept { return wg->state_.load(std::memory_order_relaxed); }
};

namespace {

using base::dyn_text;

// The holder a waiter in `why` on `object` waits for; 0: none known.
std::uint64_t holder_of(int why, const void* object) noexcept {
  if (!object) return 0;
  if (why == kWaitMutex || why == kWaitOnce) return sync_access::mutex_holder(static_cast<const mutex*>(object));
  if (why == kWaitRWMutexRead)
    return sync_access::mutex_holder(sync_access::rw_writer_mutex(sync_access::rw_of_reader_sem(object)));
  return 0;
}

}  // namespace

std::uint64_t wait_holder(int why, const void* object) noexcept { return holder_of(why, object); }

const void* rw_write_wait(const void* object, int* readers) noexcept {
  if (!object) return nullptr;
  const rw_mutex* rw = sync_access::rw_of_writer_sem(object);
  *readers = sync_access::rw_departing(rw);
  return rw;
}

const void* wait_group_of_wait(const void* object, std::size_t* size) noexcept {
  *size = sizeof(wait_group);
  return object ? sync_access::wg_of_sema(object) : nullptr;
}

namespace {

struct found_task {
  std::uint64_t id;
  task* t;
};

void find_task_by_id(task* t, void* arg) {
  auto* f = static_cast<found_task*>(arg);
  if (t->id == f->id && t->state.load(std::memory_order_acquire) != kTaskFree) f->t = t;
}

// "task 7 (blocked in chan receive)", "thread 1234 (running)", ...
void describe_holder(std::uint64_t id, dyn_text& t) noexcept {
  if (id & kThreadIdBit) {
    pid_t tid = 0;
    int why = kWaitNone;
    if (!find_thread(id, &tid, &why)) {
      t.str("a thread not blocked on vigil (running, or exited)");
      return;
    }
    if (tid == getpid()) t.str("the main thread");
    else t.str("thread ").dec(static_cast<std::uint64_t>(tid));
    if (why == kWaitNone) t.str(" (running)");
    else t.str(" (blocked in ").str(wait_reason_name(why)).chr(')');
    return;
  }
  found_task f{id, nullptr};
  for_each_task(find_task_by_id, &f);
  if (!f.t) {
    t.str("task ").dec(id).str(", which has finished without unlocking it");
    return;
  }
  int state = f.t->state.load(std::memory_order_acquire);
  t.str("task ").dec(id).str(" (");
  if (state == kTaskParked) t.str("blocked in ").str(wait_reason_name(f.t->why.load(std::memory_order_relaxed)));
  else t.str(state == kTaskRunnable ? "runnable" : state == kTaskBlocking ? "in a blocking call" : "running");
  t.chr(')');
}

}  // namespace

bool describe_wait_object(int why, const void* object, dyn_text& t, const void** made_at,
                          std::uint64_t waiter) noexcept {
  *made_at = nullptr;
  switch (why) {
    case kWaitChanSend:
    case kWaitChanRecv:
      chan_describe(object, t, made_at);
      return true;
    case kWaitNilChanSend:
    case kWaitNilChanRecv:
      t.str("the nil channel (a channel never made): it blocks forever");
      return true;
    case kWaitMutex: {
      if (!object) return false;
      t.str("vigil::mutex ").hex(reinterpret_cast<std::uintptr_t>(object));
      std::uint64_t h = sync_access::mutex_holder(static_cast<const mutex*>(object));
      if (h && h == waiter) {
        t.str(", held by ").str(h & kThreadIdBit ? "this thread" : "this task").str(" itself");
      } else if (h) {
        t.str(", held by ");
        describe_holder(h, t);
      }
      return true;
    }
    case kWaitOnce: {
      if (!object) return false;
      t.str("vigil::once ").hex(reinterpret_cast<std::uintptr_t>(sync_access::once_of_mutex(object)));
      if (std::uint64_t h = sync_access::mutex_holder(static_cast<const mutex*>(object))) {
        t.str(", its function run by ");
        if (h == waiter) t.str(h & kThreadIdBit ? "this thread itself" : "this task itself");
        else describe_holder(h, t);
      }
      return true;
    }
    case kWaitRWMutexRead: {
      if (!object) return false;
      const rw_mutex* rw = sync_access::rw_of_reader_sem(object);
      t.str("vigil::rw_mutex ").hex(reinterpret_cast<std::uintptr_t>(rw));
      std::uint64_t h = sync_access::mutex_holder(sync_access::rw_writer_mutex(rw));
      if (h && h == waiter) {
        t.str(", held for writing by ").str(h & kThreadIdBit ? "this thread" : "this task").str(" itself");
      } else if (h) {
        t.str(", held or awaited by a writer: ");
        describe_holder(h, t);
      } else {
        t.str(", a writer is waiting");
      }
      return true;
    }
    case kWaitRWMutexWrite: {
      if (!object) return false;
      const rw_mutex* rw = sync_access::rw_of_writer_sem(object);
      std::int32_t readers = sync_access::rw_departing(rw);
      t.str("vigil::rw_mutex ").hex(reinterpret_cast<std::uintptr_t>(rw)).str(", waiting for ");
      t.dec(static_cast<std::uint64_t>(readers > 0 ? readers : 0)).str(readers == 1 ? " reader" : " readers")
          .str(" to unlock_shared");
      return true;
    }
    case kWaitWaitGroup: {
      if (!object) return false;
      const wait_group* wg = sync_access::wg_of_sema(object);
      std::uint64_t s = sync_access::wg_state(wg);
      auto counter = static_cast<std::int32_t>(s >> 32);
      auto waiters = static_cast<std::uint32_t>(s);
      t.str("vigil::wait_group ").hex(reinterpret_cast<std::uintptr_t>(wg)).str(" (counter ")
          .dec(static_cast<std::uint64_t>(counter > 0 ? counter : 0)).str(": ")
          .dec(static_cast<std::uint64_t>(counter > 0 ? counter : 0)).str(counter == 1 ? " done() still owed, " : " done() calls still owed, ")
          .dec(waiters).str(waiters == 1 ? " waiter)" : " waiters)");
      return true;
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// The cycle check.
namespace {

// A parked waiter with an edge: it waits for `holder`.
struct node {
  std::uint64_t id;
  std::uint64_t holder;
  std::int64_t since;
  const void* object;
  task* t;  // null: a thread
  pid_t tid;
  int why;
  int next;    // index of the holder's node; -1: the holder is not a parked waiter with an edge
  int color;   // cycle search: 0 new, 1 on the current path, 2 done
};

struct graph {
  node* nodes = nullptr;
  std::size_t n = 0, cap = 0;
  void add(const node& x) {
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      nodes = static_cast<node*>(base::internal_realloc(nodes, cap * sizeof(node)));
    }
    nodes[n++] = x;
  }
  ~graph() { base::internal_free(nodes); }
};

bool has_edge(int why) { return why == kWaitMutex || why == kWaitRWMutexRead || why == kWaitOnce; }

void collect_task(task* t, void* arg) {
  if (t->state.load(std::memory_order_acquire) != kTaskParked) return;
  if (t->in_reported_deadlock.load(std::memory_order_relaxed) != kReportedNot) return;  // reported before
  int why = t->why.load(std::memory_order_relaxed);
  if (!has_edge(why)) return;
  std::uint64_t h = holder_of(why, t->wait_object);
  if (!h) return;
  static_cast<graph*>(arg)->add({t->id, h, t->wait_since, t->wait_object, t, 0, why, -1, 0});
}

void collect_thread(const parked_thread& th, void* arg) {
  if (!has_edge(th.why) || !th.id) return;
  std::uint64_t h = holder_of(th.why, th.object);
  if (!h) return;
  static_cast<graph*>(arg)->add({th.id, h, th.since, th.object, nullptr, th.tid, th.why, -1, 0});
}

// A cycle, as the pass compares it with the last pass's: its waiters and
// since when each has waited, hashed (order-independent).
std::uint64_t signature(const graph& g, int start) {
  std::uint64_t sig = 0;
  int i = start;
  do {
    std::uint64_t x = g.nodes[i].id * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(g.nodes[i].since);
    x ^= x >> 29;
    sig += x * 0xBF58476D1CE4E5B9ull;
    i = g.nodes[i].next;
  } while (i != start);
  return sig ? sig : 1;
}

// Cycles seen on the last pass, waiting for their confirmation, and the
// last ones reported (a ring: the tasks of a reported cycle are marked and
// not collected again, so it matters for cycles of threads only).
constexpr int kMaxTracked = 32;
raw_lock g_pass_lock;  // one pass at a time (the checker thread's, the leak check's)
std::uint64_t g_seen[kMaxTracked] VIGIL_GUARDED_BY(g_pass_lock);
int g_nseen VIGIL_GUARDED_BY(g_pass_lock) = 0;
std::uint64_t g_reported[kMaxTracked] VIGIL_GUARDED_BY(g_pass_lock);
int g_nreported VIGIL_GUARDED_BY(g_pass_lock) = 0;
int g_next_reported VIGIL_GUARDED_BY(g_pass_lock) = 0;

bool contains(const std::uint64_t* set, int n, std::uint64_t v) {
  return std::find(set, set + n, v) != set + n;
}

struct thread_stack_copy {
  std::uint64_t id;
  std::uintptr_t* pcs;
  int max;
  int n;  // out
};

void copy_thread_stack(const parked_thread& th, void* arg) {
  auto* c = static_cast<thread_stack_copy*>(arg);
  if (th.id != c->id) return;
  c->n = std::min(th.npcs, c->max);
  std::memcpy(c->pcs, th.pcs, static_cast<std::size_t>(c->n) * sizeof(std::uintptr_t));
}

constexpr int kMaxShown = 16;  // participants shown one by one
constexpr int kFrames = 48;

void report_cycle(const graph& g, int start, bool settled) {
  int len = 0;
  for (int i = start;; ) {
    len++;
    i = g.nodes[i].next;
    if (i == start) break;
  }
  int shown = std::min(len, kMaxShown);
  struct shown_one {
    std::uintptr_t pcs[kFrames];
    dyn_text heading;
    creation_frames creation;
  };
  auto* one = static_cast<shown_one*>(base::internal_calloc(shown, sizeof(shown_one)));
  report::section_desc sections[kMaxShown];
  report::actor_desc actors[kMaxShown];
  std::int64_t now = coarse_now_ns();
  std::uintptr_t key = 0;
  int i = start;
  for (int k = 0; k < shown; k++, i = g.nodes[i].next) {
    const node& x = g.nodes[i];
    new (&one[k].heading) dyn_text();
    int n = 0, skip = 0;
    report::actor who;
    if (x.t) {
      n = task_stack(x.t, one[k].pcs, kFrames);
      who = {report::actor_kind::task, x.id};
      describe_task(x.t, &actors[k], now, &one[k].creation);
      one[k].heading.str("Task ").dec(x.id);
    } else {
      thread_stack_copy c{x.id, one[k].pcs, kFrames, 0};
      for_each_parked_thread(copy_thread_stack, &c);
      n = c.n;
      bool main = x.tid == getpid();
      who = main ? report::actor{report::actor_kind::main, 0}
                 : report::actor{report::actor_kind::os_thread, static_cast<std::uint64_t>(x.tid)};
      actors[k].who = who;
      actors[k].tid = x.tid;
      actors[k].state = "blocked";
      actors[k].blocked_in = wait_reason_name(x.why);
      actors[k].blocked_ms = (now - x.since) / 1000000;
      one[k].heading.str(main ? "The main thread" : "Thread ");
      if (!main) one[k].heading.dec(static_cast<std::uint64_t>(x.tid));
    }
    skip = skip_library_frames(one[k].pcs, n);
    key = key * 31 + (n > skip ? one[k].pcs[skip] : 0);
    one[k].heading.str(" waits in ").str(wait_reason_name(x.why));
    const void* made_at;
    dyn_text object;
    if (describe_wait_object(x.why, x.object, object, &made_at, x.id)) one[k].heading.str(" on ").str(object.c_str());
    sections[k] = {"blocked", one[k].heading.c_str(), who, {one[k].pcs + skip, static_cast<std::size_t>(n - skip)}};
  }
  dyn_text note;
  std::uint64_t tasks = 0, threads = 0;
  for (int k = 0, j = start; k < len; k++, j = g.nodes[j].next) {
    if (g.nodes[j].t) {
      tasks++;
      g.nodes[j].t->in_reported_deadlock.store(settled ? kReportedAtCheck : kReportedMade, std::memory_order_relaxed);
    } else {
      threads++;
    }
  }
  if (tasks) note.dec(tasks).str(tasks == 1 ? " task" : " tasks");
  if (tasks && threads) note.str(" and ");
  if (threads) note.dec(threads).str(threads == 1 ? " thread" : " threads");
  note.str(len == 1 ? " waits" : " wait");
  if (len == 1) note.str(" for itself: it can never be woken.");
  else note.str(" for each other in a cycle: none of them can ever be woken.");
  if (!settled) note.str(" The rest of the program runs on.");
  if (len > shown) note.str(" The first ").dec(static_cast<std::uint64_t>(shown)).str(" are shown.");
  report::report_desc r;
  r.kind = "deadlock (wait-for cycle)";
  r.suppression = report::suppression_kind::deadlock;
  r.note = note.c_str();
  r.sections = sections;
  r.nsections = static_cast<std::size_t>(shown);
  r.actors = actors;
  r.nactors = static_cast<std::size_t>(shown);
  r.key[0] = 0x6379636c65ull;  // "cycle"
  r.key[1] = key;
  std::fflush(stdout);
  report::submit(r);
  for (int k = 0; k < shown; k++) one[k].heading.~dyn_text();
  base::internal_free(one);
}

}  // namespace

void report_wait_cycle(task* const* tasks, std::size_t n, bool settled) noexcept {
  graph g;
  for (std::size_t k = 0; k < n; k++) {
    task* t = tasks[k];
    g.add({t->id, 0, t->wait_since, t->wait_object, t, 0, t->why.load(std::memory_order_relaxed),
           static_cast<int>((k + 1) % n), 0});
  }
  if (g.n) report_cycle(g, 0, settled);
}

bool wait_cycle_pass(bool settled) noexcept {
  // The checker thread's passes and the leak check's (at exit, in
  // check_leaks) take turns over g_seen and g_reported.
  raw_lock_guard guard(g_pass_lock);
  report_proven_leaks(settled);
  graph g;
  for_each_task(collect_task, &g);
  for_each_parked_thread(collect_thread, &g);
  if (g.n == 0) {
    g_nseen = 0;
    return prove_unreachable_waits(settled);
  }
  std::sort(g.nodes, g.nodes + g.n, [](const node& a, const node& b) { return a.id < b.id; });
  for (std::size_t i = 0; i < g.n; i++) {
    node* end = g.nodes + g.n;
    node* h = std::lower_bound(g.nodes, end, g.nodes[i].holder, [](const node& a, std::uint64_t id) { return a.id < id; });
    g.nodes[i].next = h != end && h->id == g.nodes[i].holder ? static_cast<int>(h - g.nodes) : -1;
  }
  std::uint64_t seen[kMaxTracked];
  int nseen = 0;
  for (std::size_t s = 0; s < g.n; s++) {
    int i = static_cast<int>(s);
    while (i >= 0 && g.nodes[i].color == 0) {
      g.nodes[i].color = 1;
      i = g.nodes[i].next;
    }
    // A node on the current path again: a cycle through it.
    if (i >= 0 && g.nodes[i].color == 1) {
      std::uint64_t sig = signature(g, i);
      if (contains(g_reported, g_nreported, sig)) {
        // Reported already; still standing.
      } else if (settled || (contains(g_seen, g_nseen, sig) && !all_asleep())) {
        // Confirmed: seen twice, or the leak check saw every task settle.
        // (With everyone asleep the global deadlock report, which names
        // every participant's object, comes instead.)
        report_cycle(g, i, settled);
        g_reported[g_next_reported] = sig;
        g_next_reported = (g_next_reported + 1) % kMaxTracked;
        if (g_nreported < kMaxTracked) g_nreported++;
      } else if (nseen < kMaxTracked) {
        seen[nseen++] = sig;
      }
    }
    for (int j = static_cast<int>(s); j >= 0 && g.nodes[j].color == 1; j = g.nodes[j].next) g.nodes[j].color = 2;
  }
  std::copy(seen, seen + nseen, g_seen);
  g_nseen = nseen;
  // After the cycles: a task of a cycle reported now is one the proof
  // counts as blocked for good, and does not report again.
  bool again = prove_unreachable_waits(settled);
  return nseen > 0 || again;
}

}  // namespace vigil::detail
