// internal.h — the scheduler's data structures: task, proc, machine, stack pool.
//
// Shared by the scheduler's files only (scheduler.cpp, stacks.cpp, dump.cpp,
// timer.cpp); the rest of the library sees sched.h.

#ifndef VIGIL_SCHED_INTERNAL_H
#define VIGIL_SCHED_INTERNAL_H

#include "sched/sched.h"

#include <boost/context/detail/fcontext.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace vigil::report {
struct actor_desc;
}

namespace vigil::detail {

namespace bctx = boost::context::detail;

enum task_state : int {
  kTaskFree = 0,  // in the pool, not a live task
  kTaskRunnable,  // in a run queue (or about to be)
  kTaskRunning,
  kTaskParked,
  kTaskBlocking,  // inside blocking(): running on a thread without a proc
};

// kReportedAtCheck: reported by the leak check now running (its settled
// pass), which turns it into kReportedMade when done: its own summary line
// counts only the tasks reported before it.
enum : std::uint8_t { kReportedNot = 0, kReportedMade = 1, kReportedSuppressed = 2, kReportedAtCheck = 3 };

constexpr std::uint64_t kCanary = 0x7669676c5f737463ull;  // "vigl_stc"

// A task lives at the top of its own stack slot (one page holds the task, its
// closure and the first frames, which keeps a blocked task at ~one page).
struct task {
  bctx::fcontext_t ctx = nullptr;  // saved context while not running
  task* next = nullptr;            // run queue / free list link (owner: that queue)
  waiter w;                        // w.t == this
  std::uint64_t id = 0;
  void (*run)(void*) = nullptr;
  void* closure = nullptr;
  std::size_t closure_size = 0;
  bool closure_on_heap = false;
  const void* creator_pc = nullptr;
  std::uint64_t leak_epoch = 0;  // report::leak_epoch() when created (check_leaks(since))
  // Set by the wait-for cycle check when it reported this task in a
  // deadlock, or as a proven leak: the leak check does not report it again.
  // kReportedNot, kReportedMade, kReportedSuppressed (a leak: suppression),
  // kReportedAtCheck.
  std::atomic<std::uint8_t> in_reported_deadlock{0};
  // Parked for ever (park_forever: the nil channel, a select with no case
  // that can ever be ready): a leak proven at once. Set by the task itself
  // before it parks; reset when the slot gets a new task.
  std::atomic<bool> parked_forever{false};
  // Counts the task's parks (written by the task as it parks, read by the
  // leak proof): equal on two looks means parked all along in between, which
  // wait_since (a coarse clock) cannot tell.
  std::atomic<std::uint32_t> parks{0};
  // The leak proof (leaks.cpp) found this task blocked for good on the pass
  // that saw it in its park number proven_park; the next pass confirms it.
  // Only the pass (under its lock) reads and writes it.
  std::uint64_t proven_park = ~std::uint64_t(0);
  std::uintptr_t proven_site = 0;  // where it waits in that park (wait_site, once)
  // The rw_mutexes this task holds shared, for the leak proof's "a writer
  // waits for its readers" (written by the task itself, read by the proof;
  // invariant in scheduler.cpp, note_read_held).
  static constexpr int kReadHeldMax = 4;
  std::atomic<const void*> read_held[kReadHeldMax] = {};
  std::atomic<std::uint8_t> read_held_n{0};
  std::atomic<bool> read_held_exact{true};
  unsigned char* stack_lo = nullptr;  // lowest usable byte; kCanary sits there
  unsigned char* stack_hi = nullptr;  // one past the slot's last byte
  std::atomic<int> state{kTaskFree};
  std::atomic<int> why{kWaitNone};  // wait_reason while parked
  const void* wait_object = nullptr;
  std::int64_t wait_since = 0;        // coarse monotonic ns
  void* eh_globals[2] = {nullptr, nullptr};  // __cxa_eh_globals while switched out
  void* detector_state = nullptr;  // the detector's, from task_spawn to task_end (events.h)
};

// Run queue capacity per proc (Go's 256).
constexpr std::uint32_t kRunqSize = 256;

// A proc: the right to run tasks, with a local run queue.
//
// Invariants: runq_tail_ is written only by the owning machine; runq_head_ is
// advanced by CAS by the owner and by thieves; slots in [head, tail) hold
// runnable tasks. runnext is exchanged atomically by the owner and thieves.
struct alignas(64) proc {
  int id = 0;
  std::atomic<machine*> owner{nullptr};
  std::atomic<std::uint32_t> runq_head{0};
  std::atomic<std::uint32_t> runq_tail{0};
  std::atomic<task*> runq[kRunqSize] = {};
  std::atomic<task*> runnext{nullptr};
  std::atomic<std::uint64_t> sched_tick{0};
  // Set by the monitor to sched_tick when runnext has waited through a whole
  // monitor interval without this proc scheduling: thieves may take it then.
  std::atomic<std::uint64_t> stale_tick{~std::uint64_t(0)};
  std::uint64_t monitor_seen_tick = ~std::uint64_t(0);  // the monitor's only
  // Owner-only state.
  // The mean time between two schedules over the last kSliceSample of them
  // (execute): how long a queued task waits per task ahead of it. Idle time
  // counts too, which errs towards waking a thief. Starts large: until
  // measured, every queue is worth splitting.
  std::int64_t slice_ns = 1000000;
  std::int64_t slice_mark_ns = 0;
  task* free_tasks = nullptr;  // warm task/stack cache
  int free_count = 0;
  // Tasks created / finished by this proc's owner (written by the owner
  // only, read by the deadlock check): live tasks = Σ(spawned - finished)
  // + the ones created outside procs.
  std::atomic<std::int64_t> spawned{0};
  std::atomic<std::int64_t> finished{0};
  std::uint64_t next_id = 0;   // task ids handed out in blocks (owner only)
  std::uint64_t id_limit = 0;
};

enum machine_action : int { kActNone = 0, kActPark, kActYield, kActExit, kActBlockingLeave };

// A machine: an OS thread running the scheduler loop.
struct machine {
  bctx::fcontext_t g0 = nullptr;  // the scheduler loop's context while a task runs
  proc* p = nullptr;              // owned proc (null: spare)
  task* cur = nullptr;            // running task
  machine_action act = kActNone;  // what the task asked g0 to do
  park_commit commit = nullptr;
  void* commit_arg = nullptr;
  // Looking for work (counted in g_nspinning). Set by the machine itself, or
  // by wakep() for a machine it took off the idle list; atomic because the
  // machine may be reading it on its way to sleep at that moment.
  std::atomic<bool> spinning{false};
  std::atomic<std::uint32_t> wake{0};  // futex word for idle/spare sleep
  machine* idle_next = nullptr;   // idle or spare list link (guarded by its lock)
  void* eh = nullptr;             // this thread's __cxa_eh_globals
  int id = 0;
};

// Stack pool (stacks.cpp).
VIGIL_INTERNAL task* stack_pool_get(proc* p) noexcept;   // p may be null
VIGIL_INTERNAL void stack_pool_put(proc* p, task* t) noexcept;
VIGIL_INTERNAL std::size_t task_stack_size() noexcept;
VIGIL_INTERNAL bool stack_guards_installed() noexcept;
// Calls f(t) for every task slot ever made (for dumps).
VIGIL_INTERNAL void for_each_task(void (*f)(task* t, void* arg), void* arg) noexcept;
// The task whose guard page contains addr, or null.
VIGIL_INTERNAL task* task_of_guard_address(const void* addr) noexcept;

VIGIL_INTERNAL machine* this_machine() noexcept;
VIGIL_INTERNAL std::int64_t coarse_now_ns() noexcept;
VIGIL_INTERNAL int parse_env_int(const char* name, long lo, long hi, long dflt) noexcept;
[[noreturn]] VIGIL_INTERNAL void report_stack_overflow(task* t) noexcept;

// For reports (dump.cpp): a parked or runnable task's stack from its saved
// frame-pointer chain; how many frames at the top are the library's own; a
// task as a report's participant.
VIGIL_INTERNAL int task_stack(task* t, std::uintptr_t* pcs, int max) noexcept;
VIGIL_INTERNAL int skip_library_frames(const std::uintptr_t* pcs, int n) noexcept;
// frames: room for the whole creation stack (the detector's, when it is
// loaded); null: the one frame the library keeps. a points into it.
struct creation_frames {
  static constexpr std::size_t kMax = 32;
  std::uintptr_t pcs[kMax];
};
VIGIL_INTERNAL void describe_task(task* t, report::actor_desc* a, std::int64_t now,
                                  creation_frames* frames = nullptr) noexcept;

}  // namespace vigil::detail

#endif  // VIGIL_SCHED_INTERNAL_H
