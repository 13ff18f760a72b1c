// tasks.cpp — the detector follows vigil's tasks (the library's events,
// vigil/detail/events.h).
//
// Every task is an owner of its own (owner.h): its clock, shadow call stack
// and held locks travel with it from worker to worker. A worker thread keeps
// its own owner for its own code (the scheduler loop, which is not
// instrumented) and makes the running task's owner current at each switch:
// the switch itself, a migration and a steal carry no edge, so a race between
// two tasks that happen to run one after the other on one worker is still a
// race. Edges come only from the events: go() (the task's owner is created
// from its spawner's clock), and release/acquire on the library's objects
// where the Go memory model puts them.
//
// Thread safety: the hooks run on the thread whose current owner they
// concern (spawn on the spawner's, switch and end on the worker's); the only
// shared state is the registry's (owner.cpp) and the sync objects' (sync.cpp).
#include <dlfcn.h>

#include <vigil/detail/events.h>

#include "access.h"
#include "mutex.h"
#include "runtime.h"
#include "shadow.h"
#include "sync.h"

namespace vigil::detect {
namespace {

// The worker thread's own owner while one of its tasks' owners is current
// (null on threads that never ran a task).
__thread owner *t_home __attribute__((tls_model("initial-exec")));

// What a task's end forgets of its stack at least: the top page (the task's
// closure, built there by its spawner, and its first frames).
constexpr size_t kStackTopForgotten = 4096;

}  // namespace

owner *task_host_owner() { return t_home; }

namespace {

void *on_task_spawn(const void *, uint64_t id, const void *creator_pc, void *stack_lo, size_t stack_size) {
  owner *parent = cur_owner();
  stack_id creation = owner_stack(parent, reinterpret_cast<uintptr_t>(creator_pc));
  // Everything the spawner did so far happens before the task starts; the
  // spawner's later accesses do not (owner_create ticks it).
  owner *o = owner_create(parent, creation, owner_kind::task);
  o->desc->os_tid = parent->desc->os_tid;
  o->desc->task_id = id;
  o->task_stack_lo = reinterpret_cast<uintptr_t>(stack_lo);
  o->task_stack_hi = o->task_stack_lo + stack_size;
  o->touched_lo = o->task_stack_hi;
  return o;
}

void on_task_switch(void *state) {
  if (state) {
    if (!t_home) t_home = cur_owner();
    auto *o = static_cast<owner *>(state);
    o->host_lo = t_home->desc->stack_lo;
    o->host_size = t_home->desc->stack_hi - t_home->desc->stack_lo;
    set_cur_owner(o);
  } else {
    set_cur_owner(t_home);
  }
}

void on_task_wait(void *state, const char *what) {
  __atomic_store_n(&static_cast<owner *>(state)->desc->waiting_in, what, __ATOMIC_RELAXED);
}

// The task's code has returned; it still runs on its own stack, in library
// code that calls nothing the detector sees. Its stack goes back to the pool:
// what was done there (its locals, its closure, sync objects on it) is not
// the business of the next task that gets it. Forgotten: from the lowest
// word the task itself accessed (a whole 64 KiB stack per task would cost a
// page-table shootdown each) up, and the top page. (Words below that which
// only other owners accessed, through a pointer to a local the task itself
// never touched, are not: see docs/library.md.)
void on_task_end(void *state) {
  auto *o = static_cast<owner *>(state);
  uintptr_t hi = o->task_stack_hi;
  uintptr_t lo = o->touched_lo & ~uintptr_t{7};
  if (hi - lo < kStackTopForgotten) lo = hi - kStackTopForgotten;
  if (lo < o->task_stack_lo) lo = o->task_stack_lo;
  sync_destroy_range(lo, hi - lo);
  shadow_reset(lo, hi - lo);
  owner_finish(o);
  set_cur_owner(t_home);
  owner_destroy(o);
}

void on_acquire(const void *object) {
  owner *o = cur_owner();
  if (o && !o->quiet_events) acquire_at(o, reinterpret_cast<uintptr_t>(object));
}
void on_release(const void *object) {
  owner *o = cur_owner();
  if (o && !o->quiet_events) release_at(o, reinterpret_cast<uintptr_t>(object));
}
// vigil's mutexes: the edge, and the lock-order graph at the acquisition's
// place in the program (this hook's caller: the inline lock() there; the
// library's rw_mutex passes its own caller).
__attribute__((noinline)) void on_locked(const void *object, unsigned flags, const void *where) {
  owner *o = cur_owner();
  if (!o || o->quiet_events) return;
  uintptr_t m = reinterpret_cast<uintptr_t>(object);
  acquire_at(o, m);
  uintptr_t pc = reinterpret_cast<uintptr_t>(where ? where : __builtin_return_address(0));
  lock_order_acquired(o, m, !(flags & ::vigil::detail::kLockShared), owner_stack(o, pc),
                      flags & ::vigil::detail::kLockTry ? lock_how::try_lock : lock_how::blocking);
}
void on_unlocking(const void *object, unsigned flags) {
  owner *o = cur_owner();
  if (!o || o->quiet_events) return;
  uintptr_t m = reinterpret_cast<uintptr_t>(object);
  lock_order_released(o, m);
  if (!(flags & ::vigil::detail::kLockShared)) release_at(o, m);
}
size_t on_creation_stack(void *state, uintptr_t *pcs, size_t max) {
  auto *o = static_cast<owner *>(state);
  return o && o->desc ? stack_unwind(o->desc->creation_stack, pcs, max) : 0;
}
size_t on_thread_leaks(uint64_t since) {
  owner *o = cur_owner();
  if (!o || !g_options.leak_check) return 0;
  return report_thread_leaks(o, since);
}
void on_quiet(unsigned what, bool on) {
  owner *o = cur_owner();
  if (!o) return;
  int d = on ? 1 : -1;
  if (what & ::vigil::detail::kQuietEdges) o->quiet_events += d;
  if (what & ::vigil::detail::kQuietAccesses) {
    o->ignore_reads += d;
    o->ignore_writes += d;
  }
}

// Clock cells in the library's objects (events.h): found without a lookup,
// changed without a lock (the library serializes each cell's events).
//
// A cell is a sync_clock, except while a task is parked on it: a task that
// parks (clock_release_store) stops running until it resumes and acquires
// its own cell, so its clock stays as it was at the park, and is touched by
// nobody but the party completing its exchange (under the channel's lock,
// before the unpark). The cell then names the parked task: the completer
// reads the task's clock in place (acquire) and joins its own into it
// (release), instead of the park storing a copy (an allocation per park:
// every park follows an acquire, so the owner's snapshot is never reusable)
// and the resume joining it back. The parked task's own epoch is the one its
// accesses before the park had; it ticks when it resumes (the release's
// "new epoch" moved to the one point where the task runs again). A thread
// may run a signal handler while it is parked, and then uses its clock: a
// thread's park stores a copy, as any release.
struct clock_cell {
  owner *parked;  // the task parked on this cell, or null: `clock` is the cell's
  sync_clock clock;
};
static_assert(sizeof(clock_cell) <= sizeof(vigil_clock_cell) && alignof(clock_cell) <= alignof(vigil_clock_cell),
              "a clock_cell fits a library's clock cell");
// All-zero bytes are an empty cell (no parked task, an empty sync_clock).
clock_cell *cell_of(vigil_clock_cell *cell) { return reinterpret_cast<clock_cell *>(cell); }

void on_clock_release_store(vigil_clock_cell *cell) {
  owner *o = cur_owner();
  if (!o || o->quiet_events) return;
  clock_cell *c = cell_of(cell);
  c->clock.clear();
  if (o->desc->is_task && !o->desc->is_timer) {
    c->parked = o;  // ticks at its resume (on_clock_acquire)
    return;
  }
  c->parked = nullptr;
  c->clock.store(o);
  owner_tick(o);
}
void on_clock_acquire(vigil_clock_cell *cell) {
  owner *o = cur_owner();
  if (!o) return;
  clock_cell *c = cell_of(cell);
  if (c->parked == o) {  // the parked task resumes: what was given to it is in its clock already
    c->parked = nullptr;
    owner_tick(o);
    return;
  }
  if (o->quiet_events) return;
  if (c->parked) o->clock.join(c->parked->clock);
  else c->clock.acquire_into(o);
}
void on_clock_release(vigil_clock_cell *cell) {
  owner *o = cur_owner();
  if (!o || o->quiet_events) return;
  clock_cell *c = cell_of(cell);
  if (c->parked) c->parked->clock.join(o->clock);
  else c->clock.release(o);
  owner_tick(o);
}
// An acquire followed by a release: after the acquire the owner's clock
// covers the cell's, so the release stores it.
void on_clock_exchange(vigil_clock_cell *cell) {
  owner *o = cur_owner();
  if (!o || o->quiet_events) return;
  clock_cell *c = cell_of(cell);
  if (c->parked) {
    o->clock.join(c->parked->clock);
    c->parked->clock.join(o->clock);
  } else {
    c->clock.acquire_into(o);
    c->clock.store(o);
  }
  owner_tick(o);
}
// `to` (a slot's cell: never parked on) carries what `from` carries: a
// parked task's clock is copied, as it will change once the task resumes.
void on_clock_transfer(vigil_clock_cell *from, vigil_clock_cell *to) {
  clock_cell *f = cell_of(from), *t = cell_of(to);
  t->parked = nullptr;
  if (f->parked) t->clock.store(f->parked);
  else t->clock.assign(f->clock);
}
void on_clock_drop(vigil_clock_cell *cell) {
  clock_cell *c = cell_of(cell);
  c->parked = nullptr;
  c->clock.clear();
}

void on_forget(void *memory, size_t size) {
  uintptr_t a = reinterpret_cast<uintptr_t>(memory);
  sync_destroy_range(a, size);
  shadow_reset(a, size);
}

void on_access(const void *object, size_t size, bool write, const void *pc) {
  owner *o = cur_owner();
  unsigned flags = write ? k_access_write : 0;
  if (!o || owner_ignores(o, flags)) return;
  access_range(o, reinterpret_cast<uintptr_t>(object), size, flags, reinterpret_cast<uintptr_t>(pc));
}

// A timer is an owner without a stack: created by whoever arms it, run by
// the timer thread at each firing (task_switch), ended when it is freed —
// on any thread, so the end switches nothing.
void *on_timer_start(const void *, const void *creator_pc) {
  owner *parent = cur_owner();
  stack_id creation = owner_stack(parent, reinterpret_cast<uintptr_t>(creator_pc));
  owner *o = owner_create(parent, creation, owner_kind::task);
  o->desc->is_timer = true;
  o->desc->os_tid = parent->desc->os_tid;
  return o;
}

void on_timer_end(void *state) {
  auto *o = static_cast<owner *>(state);
  owner_finish(o);
  owner_destroy(o);
}

const vigil_event_hooks g_hooks = {
    ::vigil::detail::kEventHooksVersion,
    on_task_spawn,
    on_task_switch,
    on_task_wait,
    on_task_end,
    on_acquire,
    on_release,
    on_forget,
    on_access,
    on_timer_start,
    on_timer_end,
    on_quiet,
    on_locked,
    on_unlocking,
    on_thread_leaks,
    on_creation_stack,
    on_clock_acquire,
    on_clock_release,
    on_clock_release_store,
    on_clock_exchange,
    on_clock_transfer,
    on_clock_drop,
};

}  // namespace

void tasks_attach() {
  using attach_fn = bool (*)(const vigil_event_hooks *);
  auto attach = reinterpret_cast<attach_fn>(dlsym(RTLD_DEFAULT, "__vigil_library_attach"));
  if (!attach) return;  // the program does not use vigil's tasks
  if (!attach(&g_hooks))
    raw_write_str(2, "vigil: libvigil.so and libvigil_detect.so come from different builds; "
                     "the detector cannot follow tasks (use the same vigil for both)\n");
}

}  // namespace vigil::detect
