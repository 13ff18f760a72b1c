// sched.h — the scheduler's internal interface: tasks, waiters, parking.
//
// Model (Go's G/M/P): a task (G) is a fiber with its own stack; a machine (M)
// is an OS thread that runs tasks; a proc (P) is the right to run tasks and
// owns a local run queue. An M runs tasks only while it holds a P. There are
// set_procs() Ps; Ms beyond them are spare threads, used when a task enters
// blocking() and its M hands its P over.
//
// Every M runs its scheduler loop on its own thread stack ("g0"); a task
// switches back to g0 to park, yield or exit, and g0 then performs the
// requested follow-up (e.g. releasing the lock that protects the wait queue
// the task just joined). That is what makes parking race-free: nobody can
// resume a task before its context has been saved, because the lock under
// which it can be found is released only after the switch.
//
// Waiters: a task parks by switching to g0; a thread (main, std::thread) that
// uses a vigil primitive parks on a futex. Both are a `waiter`, so every
// primitive treats them alike.

#ifndef VIGIL_SCHED_SCHED_H
#define VIGIL_SCHED_SCHED_H

#include <vigil/detail/core.h>

#include "../base/check.h"
#include "../base/text.h"

#include <atomic>
#include <cstddef>
#include <cstdint>

#include <sys/types.h>

namespace vigil::detail {

#define VIGIL_INTERNAL __attribute__((visibility("hidden")))

// Internal errors: VIGIL_CHECK and fatal() are base's (base/check.h).
using ::vigil::base::fatal;

struct machine;

// A parked entity. Links are owned by whichever wait_queue holds the waiter.
struct waiter {
  task* t = nullptr;                   // null: a thread
  std::atomic<std::uint32_t> wake{0};  // threads: futex word, 1 = unparked
  waiter* next = nullptr;
  waiter* prev = nullptr;
};

// The current task's or thread's waiter.
VIGIL_INTERNAL waiter* current_waiter() noexcept;
// The running task, or null on a plain thread.
VIGIL_INTERNAL task* current_task() noexcept;

// park — suspends the caller until unpark(w) for its waiter w. `commit(arg)`
// runs once the caller can no longer miss an unpark (for a task: on g0, after
// the switch; for a thread: after arming its futex). commit typically
// releases the lock under which others find the waiter; if it returns false
// the park is abandoned and park returns at once.
using park_commit = bool (*)(void* arg);
VIGIL_INTERNAL void park(park_commit commit, void* arg, wait_reason why, const void* object) noexcept;
// park for ever (nil channel, empty select): the deadlock detector sees it.
[[noreturn]] VIGIL_INTERNAL void park_forever(wait_reason why) noexcept;
// unpark — makes w's owner runnable again. Exactly one unpark per park.
VIGIL_INTERNAL void unpark(waiter* w) noexcept;
// May a task (or thread) that found a lock held spin for it rather than
// park? A task only if another worker is running (the holder may be there,
// about to unlock) and its own worker has no other task to run; a thread
// if there is more than one core.
VIGIL_INTERNAL bool spin_worthwhile() noexcept;

// Unparks many waiters with one run-queue operation (close of a channel with
// 100,000 receivers): add() each, then flush().
struct unpark_batch {
  task* head = nullptr;
  task* tail = nullptr;
  long n = 0;
  VIGIL_INTERNAL void add(waiter* w) noexcept;
  VIGIL_INTERNAL void flush() noexcept;
};

// A commit that releases a raw_lock.
VIGIL_INTERNAL bool commit_unlock(void* raw_lock_ptr) noexcept;
// park with commit_unlock: the caller holds l, the park releases it.
inline void park_unlock(raw_lock& l, wait_reason why, const void* object) noexcept VIGIL_RELEASE(l) VIGIL_NO_TSA {
  park(commit_unlock, &l, why, object);
}

// wait_queue operations (the caller holds q->lock).
VIGIL_INTERNAL void wq_push_back(wait_queue* q, waiter* w) noexcept;
VIGIL_INTERNAL void wq_push_front(wait_queue* q, waiter* w) noexcept;
VIGIL_INTERNAL waiter* wq_pop_front(wait_queue* q) noexcept;

// A fast per-thread random number (select's poll order).
VIGIL_INTERNAL std::uint32_t fast_rand() noexcept;

// Library start-up (workers start on the first go()); idempotent and cheap.
VIGIL_INTERNAL void ensure_started() noexcept;
VIGIL_INTERNAL bool exiting() noexcept;
// In a child forked after the scheduler started, only the thread that called
// fork exists: the workers, the timer thread and every other task are gone,
// and locks they held stay held. Every entry that could need them (go(), a
// park, a channel operation, a timer) calls this first: there it is a misuse
// report, never a silent hang (Go, too, only lets a fork exec).
VIGIL_INTERNAL extern std::atomic<bool> g_forked_child;
// misuse() with a note under the headline (dump.cpp).
[[noreturn]] VIGIL_INTERNAL void misuse_explained(const char* kind, const char* note) noexcept;

// Where an operation that a later misuse contradicts was made (the first
// close of a channel): who made it and its stack.
struct earlier_op {
  std::uint64_t task_id = 0;  // 0: a thread
  int tid = 0;                // -1: who is not known (only where)
  int n = 0;
  std::uintptr_t pcs[16];
};
// The calling task's id (0 on a thread) and thread id (cached per thread).
VIGIL_INTERNAL void current_actor_ids(std::uint64_t* task_id, int* tid) noexcept;
// misuse() that also shows the earlier operation: "<what> by <actor> at:" and its stack.
[[noreturn]] VIGIL_INTERNAL void misuse_after(const char* kind, const char* what, const earlier_op* op) noexcept;
[[gnu::cold]] VIGIL_INTERNAL void refuse_in_forked_child() noexcept;
inline void check_not_forked_child() noexcept {
  if (__builtin_expect(g_forked_child.load(std::memory_order_relaxed), 0)) refuse_in_forked_child();
}

// The deadlock detector: called by anything that just went to sleep. If
// everyone looks idle it asks the checker thread (request_deadlock_check),
// which confirms (confirm_deadlock: every thread of the process is ours or
// parked, and stays so over three looks) and reports.
VIGIL_INTERNAL void maybe_check_deadlock() noexcept;
VIGIL_INTERNAL void request_deadlock_check() noexcept;
VIGIL_INTERNAL void confirm_deadlock() noexcept;
// The monitor on the timer thread: sysmon_wake() starts its periodic
// sysmon_pass() (scheduler.cpp), which returns false when it can rest.
VIGIL_INTERNAL void sysmon_wake() noexcept;
VIGIL_INTERNAL bool sysmon_pass() noexcept;
// Timers pending or running (the deadlock detector's "a timer will wake someone").
VIGIL_INTERNAL std::int64_t timers_pending() noexcept;
// timer_start (core.h) for the library's own timers: announce=false keeps a
// timer invisible to the detector (a sleep's wake-up, the stack pool's trim:
// no edge of the program's).
VIGIL_INTERNAL timer* timer_start_internal(clock_ns when, clock_ns period, void (*fire)(void*),
                                           void (*release)(void*), void* arg, bool auto_free,
                                           bool announce) noexcept;
// vigil's own service threads started so far: the timer thread and the checker
// (which runs the wait-for cycle check and the leak proof).
VIGIL_INTERNAL int timer_threads() noexcept;

// Stack traces for reports: frames of the calling thread.
VIGIL_INTERNAL int capture_stack(std::uintptr_t* pcs, int max, int skip) noexcept;
// What a parked task waits in ("chan receive", ...), for reports.
VIGIL_INTERNAL const char* wait_reason_name(int why) noexcept;

// A thread parked on a vigil primitive, as reports see it.
struct parked_thread {
  pid_t tid;
  int why;             // wait_reason
  std::int64_t since;  // coarse monotonic ns
  const std::uintptr_t* pcs;  // where it parked
  int npcs;
  std::uint64_t id;    // self_id()
  const void* object;  // what it waits on (as a task's wait_object)
};
// Calls f for every thread parked right now (scheduler.cpp).
VIGIL_INTERNAL void for_each_parked_thread(void (*f)(const parked_thread& t, void* arg), void* arg) noexcept;
// A thread that has parked on a vigil primitive at least once and has not
// exited, by its self_id(): its OS id and what it waits in now (kWaitNone:
// running). False if there is none.
VIGIL_INTERNAL bool find_thread(std::uint64_t id, pid_t* tid, int* why) noexcept;
// Nothing in the process can make progress (the global deadlock check's test).
VIGIL_INTERNAL bool all_asleep() noexcept;
// The scheduler's state as text, one line per proc and machine (Go's schedtrace).
VIGIL_INTERNAL void describe_scheduler(base::dyn_text& t) noexcept;

// Reports (dump.cpp), through vigil's one report path.
[[noreturn]] VIGIL_INTERNAL void report_global_deadlock() noexcept;
VIGIL_INTERNAL void dump_all_tasks() noexcept;

// A number that changes whenever any task is scheduled or any thread parks
// (scheduler.cpp): equal looks mean nothing ran in between.
VIGIL_INTERNAL std::uint64_t progress_snapshot() noexcept;

// Tasks left behind (leaks.cpp): lets the tasks settle (finish, or block
// with nothing left to wake them) for at most the leak_grace_ms option, then
// reports the ones alive, grouped by where they were created and where they
// wait. Only tasks created since leak mark `since` (vigil::leak_mark) count.
// Returns how many tasks were left (0 with leak_check=0).
VIGIL_INTERNAL std::size_t check_task_leaks(std::uint64_t since, bool at_exit) noexcept;

// What a parked task or thread waits on, as reports name it (waits.cpp):
// "chan<int> (unbuffered)", "vigil::mutex 0x... held by task 7 (blocked in
// chan receive)", "vigil::wait_group 0x... (counter 2, 1 waiter)". Appends
// nothing and returns false when the wait names no object (a sleep).
// *made_at: where the object was made, when known (channels). waiter: the
// self_id() of who waits (a mutex held by the waiter itself says so).
VIGIL_INTERNAL bool describe_wait_object(int why, const void* object, base::dyn_text& t, const void** made_at,
                                         std::uint64_t waiter = 0) noexcept;
// The wait-for cycle check (waits.cpp): request_wait_cycle_check() has
// wait_cycle_pass() run on the checker thread shortly (timer.cpp); the pass
// reports cycles it has seen twice, and returns true to be run again (a
// cycle seen once waits for its confirmation). settled: the leak check's
// pass, after the tasks settled — every cycle found is reported at once.
VIGIL_INTERNAL void request_wait_cycle_check() noexcept;
// Tasks parked for ever (the nil channel, a select with no case that can be
// ready) and not reported yet: reported now, grouped, as proven leaks
// (leaks.cpp; run by the checker thread's pass).
VIGIL_INTERNAL void report_proven_leaks(bool settled) noexcept;
VIGIL_INTERNAL bool wait_cycle_pass(bool settled) noexcept;
// The leak proof (leaks.cpp): tasks blocked on channels whose every handle is
// held by tasks blocked for good, and on mutexes such tasks hold, reported
// once confirmed on a second pass (at once if settled). Returns true to be
// run again (a finding waits for its confirmation). Run by wait_cycle_pass.
VIGIL_INTERNAL bool prove_unreachable_waits(bool settled) noexcept;
// Reports tasks that wait for each other as a deadlock (wait-for cycle), in
// the order given, and marks them reported (waits.cpp; for the proof's
// cycles through channels and wait_groups).
struct task;
VIGIL_INTERNAL void report_wait_cycle(task* const* tasks, std::size_t n, bool settled) noexcept;

// The channels a task parked in `why` on `object` waits on (chan
// send/receive: one; select: every case's distinct channel), at most max of
// them in out; returns how many there are, 0 if unknown (chan.cpp). A
// select's list lies in its frame, on the task's stack [frame_lo,
// frame_hi): read there only, it may be going away as it is read (the
// caller checks the task was parked all along).
VIGIL_INTERNAL int chan_wait_channels(int why, const void* object, const chan_core** out, int max,
                                      std::uintptr_t frame_lo, std::uintptr_t frame_hi) noexcept;
// The mutex holder a waiter in `why` on `object` waits for (a self_id()), or
// 0 when its wait names no single holder (waits.cpp).
VIGIL_INTERNAL std::uint64_t wait_holder(int why, const void* object) noexcept;
// A task took (held) or gave back (released) a share of rw_mutex rw
// (scheduler.cpp; no-ops on a thread).
VIGIL_INTERNAL void note_read_held(const void* rw) noexcept;
VIGIL_INTERNAL void note_read_released(const void* rw) noexcept;
// A writer parked in kWaitRWMutexWrite on `object`: its rw_mutex, and how
// many readers it still waits for (waits.cpp).
VIGIL_INTERNAL const void* rw_write_wait(const void* object, int* readers) noexcept;
// The wait_group a waiter in kWaitWaitGroup on `object` waits on, and its
// size (waits.cpp).
VIGIL_INTERNAL const void* wait_group_of_wait(const void* object, std::size_t* size) noexcept;

// A channel as reports name it: "chan<int> (buffered, capacity 4, 0 queued)",
// and the return address into the code that made it (chan.cpp).
VIGIL_INTERNAL void chan_describe(const void* chan, base::dyn_text& t, const void** made_at) noexcept;

}  // namespace vigil::detail

#endif  // VIGIL_SCHED_SCHED_H
