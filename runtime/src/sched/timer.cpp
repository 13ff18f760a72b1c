// timer.cpp — timers: a binary min-heap served by one timer thread.
//
// after(), ticker, sleep_for and context deadlines all become timers. The
// timer thread sleeps on a futex until the earliest deadline (or until a new
// earlier timer arrives), then runs each due timer's `fire` callback outside
// the heap lock. Callbacks must not block (they send without blocking,
// unpark a waiter, or cancel a context).
//
// Invariants (all guarded by g_timer_lock):
//   * t->index is t's position in g_heap, or -1 when t is not pending.
//   * t->running is true while t->fire runs on the timer thread; a timer freed
//     meanwhile is marked `freed` and deleted by the timer thread afterwards.
//   * g_pending counts heap entries plus running callbacks (read racily by the
//     deadlock check, which only needs "zero means nothing will ever fire").

#include <vigil/detail/events.h>

#include "sched/futex.h"
#include "sched/internal.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>

#include <linux/membarrier.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace vigil::detail {

struct timer {
  clock_ns when = 0;
  clock_ns period = 0;
  void (*fire)(void*) = nullptr;
  void (*release)(void*) = nullptr;
  void* arg = nullptr;
  int index = -1;
  bool auto_free = false;
  bool running = false;
  bool freed = false;
  // The detector's state for a timer that hands values or cancellations to
  // the program (events.h); null for sleeps and the library's own timers.
  void* detector_state = nullptr;
};

namespace {

raw_lock g_timer_lock;
timer** g_heap = nullptr;         // guarded by g_timer_lock
std::size_t g_heap_size = 0;      // guarded by g_timer_lock
std::size_t g_heap_cap = 0;       // guarded by g_timer_lock
std::atomic<std::int64_t> g_pending{0};
std::atomic<std::uint32_t> g_timer_seq{0};  // futex word: bumped when the earliest deadline changes
std::atomic<int> g_timer_threads{0};
bool g_thread_started = false;    // guarded by g_timer_lock

void heap_swap(std::size_t a, std::size_t b) {
  timer* t = g_heap[a];
  g_heap[a] = g_heap[b];
  g_heap[b] = t;
  g_heap[a]->index = static_cast<int>(a);
  g_heap[b]->index = static_cast<int>(b);
}

void sift_up(std::size_t i) {
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (g_heap[parent]->when <= g_heap[i]->when) break;
    heap_swap(i, parent);
    i = parent;
  }
}

void sift_down(std::size_t i) {
  for (;;) {
    std::size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < g_heap_size && g_heap[l]->when < g_heap[m]->when) m = l;
    if (r < g_heap_size && g_heap[r]->when < g_heap[m]->when) m = r;
    if (m == i) return;
    heap_swap(i, m);
    i = m;
  }
}

// Requires g_timer_lock.
void heap_push(timer* t) {
  if (g_heap_size == g_heap_cap) {
    std::size_t cap = g_heap_cap ? 2 * g_heap_cap : 64;
    auto* h = static_cast<timer**>(std::realloc(g_heap, cap * sizeof(timer*)));
    if (!h) fatal("out of memory for timers");
    g_heap = h;
    g_heap_cap = cap;
  }
  g_heap[g_heap_size] = t;
  t->index = static_cast<int>(g_heap_size++);
  sift_up(g_heap_size - 1);
  g_pending.fetch_add(1, std::memory_order_relaxed);
}

// Requires g_timer_lock.
void heap_remove(timer* t) {
  std::size_t i = static_cast<std::size_t>(t->index);
  std::size_t last = --g_heap_size;
  if (i != last) {
    heap_swap(i, last);
    sift_down(i);
    sift_up(i);
  }
  t->index = -1;
  g_pending.fetch_sub(1, std::memory_order_relaxed);
}

void kick_timer_thread() {
  g_timer_seq.fetch_add(1, std::memory_order_release);
  futex_wake(&g_timer_seq, 1);
}

void destroy(timer* t) {
  if (t->release) t->release(t->arg);
  if (t->detector_state) VIGIL_EVENT(timer_end, t->detector_state);
  delete t;
}

// Runs t's callback: announced timers run as themselves (events.h), with
// what their last reset released.
void fire(timer* t) {
  if (!t->detector_state) {
    t->fire(t->arg);
    return;
  }
  const vigil_event_hooks* h = event_hooks();
  if (h) {
    h->task_switch(t->detector_state);
    h->acquire(t);
  }
  t->fire(t->arg);
  if (h) h->task_switch(nullptr);
}

// The timer thread is also the scheduler's monitor (Go's sysmon): while some
// workers are busy and others idle, it looks every kSysmonIntervalNs for
// work stuck behind a busy task (see sysmon_pass) and otherwise sleeps
// until the next timer or a kick.
constexpr clock_ns kSysmonIntervalNs = 1'000'000;
std::atomic<bool> g_sysmon_active{false};
clock_ns g_sysmon_next = 0;  // timer thread only

// The wait-for cycle check and the leak proof (waits.cpp, leaks.cpp) run on
// a thread of their own, the checker, kWaitCycleDelayNs after a task or
// thread parked on a mutex, a channel or a wait_group (or a handle of a
// waited-on channel went): g_cycle_check_at is when (0: none due). Not on
// the timer thread: a pass over many tasks, and the symbolizer behind a
// report, would hold up every timer. It is no timer either: a pending check
// keeps neither the global deadlock check nor the leak check from concluding.
constexpr clock_ns kWaitCycleDelayNs = 20'000'000;
std::atomic<clock_ns> g_cycle_check_at{0};
std::atomic<std::uint32_t> g_check_seq{0};  // futex word: bumped when a check is requested
bool g_checker_started = false;             // guarded by g_timer_lock

// The waiters' requests and the checker's passes meet in a Dekker pattern:
// a waiter stores "parked", then loads g_cycle_check_at; the checker stores
// 0 there, then loads the parked states. Both sides need a store-load
// barrier, or each may miss the other (the waiter sees a check due, the
// pass does not see the waiter: a cycle unreported until exit). Waiters
// park at every channel hand-off, so their side is made free: the checker,
// which runs at most every 20 ms, pays for both with membarrier(2)'s
// private expedited command, which makes every running thread of the
// process execute a full barrier before it returns (a thread not running
// passes one when it is switched in). The waiter's side is then a compiler
// barrier: its store and load stay in program order in the instruction
// stream, and the barrier the kernel forces on it falls either before its
// load (which then sees the checker's store) or after its store (which the
// pass then sees). Registered once at load; where the kernel or a seccomp
// filter refuses it, both sides use a full fence, as before (an mfence per
// park: ~10 % of a channel ping-pong).
// Set at load and in a forked child (registration belongs to the process),
// before any thread of ours runs there; cleared if the kernel ever refuses.
std::atomic<bool> g_asymmetric_fences{false};

void register_asymmetric_fences() noexcept {
  bool ok = syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
  g_asymmetric_fences.store(ok, std::memory_order_relaxed);
}
__attribute__((constructor)) void asymmetric_fences_at_load() {
  register_asymmetric_fences();
  pthread_atfork(nullptr, nullptr, register_asymmetric_fences);
}

void waiter_fence() noexcept {
  if (g_asymmetric_fences.load(std::memory_order_relaxed)) std::atomic_signal_fence(std::memory_order_seq_cst);
  else std::atomic_thread_fence(std::memory_order_seq_cst);
}

void checker_fence() noexcept {
  if (g_asymmetric_fences.load(std::memory_order_relaxed) && process_barrier()) return;
  // Refused after a registration that succeeded (not seen on Linux >= 4.14):
  // this pass may miss a waiter that relied on it, until the next request;
  // the waiters use full fences from now on.
  g_asymmetric_fences.store(false, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_seq_cst);
}

// A global deadlock check asked for by something that went to sleep while
// everyone looked idle (maybe_check_deadlock): the checker runs it next.
std::atomic<bool> g_deadlock_check_due{false};

void* checker_main(void*) {
  for (;;) {
    std::uint32_t seq = g_check_seq.load(std::memory_order_acquire);
    if (g_deadlock_check_due.exchange(false, std::memory_order_acq_rel)) {
      confirm_deadlock();
      continue;
    }
    clock_ns at = g_cycle_check_at.load(std::memory_order_acquire);
    if (at == 0) {
      futex_wait(&g_check_seq, seq);
      continue;
    }
    clock_ns now = now_ns();
    if (now < at) {
      futex_wait_until(&g_check_seq, seq, at);
      continue;
    }
    g_cycle_check_at.store(0, std::memory_order_relaxed);
    // Pairs with the waiter's side in request_wait_cycle_check: a waiter that
    // found a check due (and asked for none) parked before this pass looks.
    checker_fence();
    bool again = wait_cycle_pass(/*settled=*/false);
    // A pass over 100,000 parked tasks takes milliseconds: the next one
    // waits ten times as long as this one took, at least.
    clock_ns end = now_ns();
    clock_ns next = end + std::max(kWaitCycleDelayNs, 10 * (end - now));
    if (again) {
      clock_ns zero = 0;
      g_cycle_check_at.compare_exchange_strong(zero, next, std::memory_order_release, std::memory_order_relaxed);
    } else if (g_cycle_check_at.load(std::memory_order_relaxed) != 0) {
      // Requested during the pass: not sooner than `next` either.
      clock_ns want = g_cycle_check_at.load(std::memory_order_relaxed);
      if (want < next) g_cycle_check_at.compare_exchange_strong(want, next, std::memory_order_release, std::memory_order_relaxed);
    }
  }
  return nullptr;
}

void* timer_main(void*) {
  g_timer_lock.lock();
  for (;;) {
    std::uint32_t seq = g_timer_seq.load(std::memory_order_acquire);
    clock_ns now = now_ns();
    if (g_sysmon_active.load(std::memory_order_acquire) && now >= g_sysmon_next) {
      g_timer_lock.unlock();
      bool again = sysmon_pass();
      g_timer_lock.lock();
      if (!again) g_sysmon_active.store(false, std::memory_order_release);
      g_sysmon_next = now + kSysmonIntervalNs;
      continue;
    }
    clock_ns wake_at = g_sysmon_active.load(std::memory_order_relaxed) ? g_sysmon_next : -1;
    if (g_heap_size == 0 || g_heap[0]->when > now) {
      if (g_heap_size != 0 && (wake_at < 0 || g_heap[0]->when < wake_at)) wake_at = g_heap[0]->when;
      g_timer_lock.unlock();
      if (wake_at < 0) {
        if (g_heap_size == 0) maybe_check_deadlock();
        futex_wait(&g_timer_seq, seq);
      } else {
        futex_wait_until(&g_timer_seq, seq, wake_at);
      }
      g_timer_lock.lock();
      continue;
    }
    timer* t = g_heap[0];
    heap_remove(t);
    if (t->period > 0) {
      // Next tick after now (missed ticks are skipped, as Go's ticker does).
      t->when += t->period * (1 + (now - t->when) / t->period);
      heap_push(t);
    }
    t->running = true;
    g_pending.fetch_add(1, std::memory_order_relaxed);
    g_timer_lock.unlock();
    fire(t);
    g_timer_lock.lock();
    t->running = false;
    g_pending.fetch_sub(1, std::memory_order_relaxed);
    if (t->freed || (t->auto_free && t->index < 0)) {
      g_timer_lock.unlock();
      destroy(t);
      g_timer_lock.lock();
    }
  }
  return nullptr;
}

// Requires g_timer_lock.
// A detached thread of vigil's own with every signal blocked, counted in
// timer_threads() before it exists (the global deadlock check counts it as
// one of ours).
void start_service_thread(void* (*main)(void*), const char* failure) {
  g_timer_threads.fetch_add(1, std::memory_order_seq_cst);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t th;
  int rc = pthread_create(&th, &attr, main, nullptr);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  pthread_attr_destroy(&attr);
  if (rc != 0) fatal(failure);
}

// Requires g_timer_lock.
void start_thread_locked() {
  if (g_thread_started) return;
  g_thread_started = true;
  start_service_thread(timer_main, "cannot start the timer thread");
}

// Requires g_timer_lock.
void arm_locked(timer* t) {
  start_thread_locked();
  heap_push(t);
  if (t->index == 0) kick_timer_thread();
}

// Starts the checker thread if need be and wakes it.
void kick_checker() noexcept {
  g_timer_lock.lock();
  if (!g_checker_started) {
    g_checker_started = true;
    start_service_thread(checker_main, "cannot start vigil's checker thread");
  }
  g_timer_lock.unlock();
  g_check_seq.fetch_add(1, std::memory_order_release);
  futex_wake(&g_check_seq, 1);
}

}  // namespace

void sysmon_wake() noexcept {
  if (g_sysmon_active.load(std::memory_order_relaxed)) return;
  if (g_sysmon_active.exchange(true, std::memory_order_acq_rel)) return;
  g_timer_lock.lock();
  start_thread_locked();
  g_sysmon_next = 0;
  g_timer_lock.unlock();
  kick_timer_thread();
}

void request_wait_cycle_check() noexcept {
  // The caller is parked (or dropped a handle) before this: either a pass
  // still to start sees that, or this finds no check due and asks for one
  // (see checker_fence).
  waiter_fence();
  if (g_cycle_check_at.load(std::memory_order_relaxed) != 0) return;  // one is due already
  clock_ns zero = 0;
  if (!g_cycle_check_at.compare_exchange_strong(zero, now_ns() + kWaitCycleDelayNs, std::memory_order_release,
                                                std::memory_order_relaxed))
    return;
  kick_checker();
}

void request_deadlock_check() noexcept {
  if (g_deadlock_check_due.load(std::memory_order_relaxed) || g_deadlock_check_due.exchange(true)) return;
  kick_checker();
}

std::int64_t timers_pending() noexcept { return g_pending.load(std::memory_order_seq_cst); }
int timer_threads() noexcept { return g_timer_threads.load(std::memory_order_seq_cst); }

clock_ns now_ns() noexcept {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

timer* timer_start_internal(clock_ns when, clock_ns period, void (*fire)(void*), void (*release)(void*),
                            void* arg, bool auto_free, bool announce) noexcept {
  check_not_forked_child();
  auto* t = new (std::nothrow) timer;
  if (!t) fatal("out of memory for a timer");
  t->when = when;
  t->period = period;
  t->fire = fire;
  t->release = release;
  t->arg = arg;
  t->auto_free = auto_free;
  if (const vigil_event_hooks* h = event_hooks(); announce && __builtin_expect(h != nullptr, 0))
    t->detector_state = h->timer_start(t, __builtin_return_address(0));
  g_timer_lock.lock();
  arm_locked(t);
  g_timer_lock.unlock();
  return t;
}

timer* timer_start(clock_ns when, clock_ns period, void (*fire)(void*), void (*release)(void*),
                   void* arg, bool auto_free) noexcept {
  return timer_start_internal(when, period, fire, release, arg, auto_free, /*announce=*/true);
}

void timer_free(timer* t) noexcept {
  if (!t) return;
  g_timer_lock.lock();
  if (t->index >= 0) heap_remove(t);
  if (t->running) {
    t->freed = true;  // the timer thread deletes it after the callback
    g_timer_lock.unlock();
    return;
  }
  g_timer_lock.unlock();
  destroy(t);
}

bool timer_stop(timer* t) noexcept {
  g_timer_lock.lock();
  bool was = t->index >= 0;
  if (was) heap_remove(t);
  g_timer_lock.unlock();
  return was;
}

void timer_reset(timer* t, clock_ns when, clock_ns period) noexcept {
  if (t->detector_state) VIGIL_EVENT(release, t);  // the reset happens before the firings it arms
  g_timer_lock.lock();
  if (t->index >= 0) heap_remove(t);
  t->when = when;
  t->period = period;
  arm_locked(t);
  g_timer_lock.unlock();
}

namespace {

struct sleeper {
  waiter* w;
  clock_ns when;
};

void wake_sleeper(void* arg) { unpark(static_cast<waiter*>(arg)); }

// Runs after the sleeper can no longer miss its wake-up: arm the timer.
// The timer may fire, and the sleeper resume on another worker, before
// timer_start returns: nothing here may touch *s (on the sleeper's stack)
// after the call.
bool arm_sleeper(void* arg) noexcept {
  auto* s = static_cast<sleeper*>(arg);
  timer_start_internal(s->when, 0, wake_sleeper, nullptr, s->w, /*auto_free=*/true, /*announce=*/false);
  return true;
}

}  // namespace

void sleep_ns(clock_ns d) noexcept {
  if (d <= 0) return;
  sleeper s{current_waiter(), now_ns() + d};
  park(arm_sleeper, &s, kWaitSleep, nullptr);
}

}  // namespace vigil::detail
