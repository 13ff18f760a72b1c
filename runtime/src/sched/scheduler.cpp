// scheduler.cpp — tasks on an M:N scheduler: procs, machines, run queues,
// work stealing, parking, blocking() hand-off, set_procs.
//
// The structure follows Go's runtime (proc.go): per-proc run queues with a
// `runnext` slot for the task just readied (so a ping-pong pair stays on one
// worker), a global queue, stealing half of a victim's queue, and the
// spinning-machine protocol that lets idle workers sleep in the kernel
// without losing a wake-up:
//
//   * Whoever makes a task runnable puts it in a queue, then (after a seq_cst
//     fence) wakes an idle machine if there is one and nobody is spinning.
//   * A spinning machine that gives up decrements g_nspinning, fences, and
//     checks every queue once more before sleeping.
//   Either the readier sees the spinner (who will find the task) or the
//   spinner's re-check sees the task: no task sits in a queue while every
//   machine sleeps.
//
// Invariants:
//   * A task is in at most one run queue, and only when state == kTaskRunnable.
//   * A machine runs tasks only while it owns a proc (m->p, p->owner).
//   * g_nidle counts machines on the idle list (each owns a proc);
//     g_nspinning counts machines with m->spinning.
//   * A parked task's context is saved before anyone can find its waiter
//     (park's commit runs on g0 after the switch).

#include <vigil/detail/events.h>
#include "sched/futex.h"
#include "sched/internal.h"
#include "report/report.h"

#include <vigil/task.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cxxabi.h>

namespace vigil::detail {

// ---------------------------------------------------------------------------
// Global scheduler state.
namespace {

constexpr int kMaxProcs = 256;

proc g_procs[kMaxProcs];
std::atomic<int> g_nprocs{0};         // active procs (set_procs); 0 before start
std::atomic<int> g_nowned{0};         // procs owned by a machine
std::atomic<int> g_nidle{0};
std::atomic<int> g_nspinning{0};
std::atomic<int> g_nmachines{0};      // machine threads alive
std::atomic<int> g_nblocking{0};      // tasks inside blocking()
std::atomic<long> g_live_external{0};  // tasks created or finished without a proc
std::atomic<int> g_parked_threads{0};
std::atomic<bool> g_exiting{false};
std::atomic<bool> g_started{false};
std::atomic<std::uint64_t> g_next_id{1};

raw_lock g_start_lock;
raw_lock g_idle_lock;
machine* g_idle = nullptr;    // guarded by g_idle_lock: machines with a proc, asleep
machine* g_spare = nullptr;   // guarded by g_idle_lock: machines without a proc, asleep

// The global run queue: a ring of task pointers, grown by doubling (never
// shrunk), not a list through the tasks: moving a batch between it and a
// proc's queue copies pointers and touches no task (10,000 queued tasks are
// 10,000 cold pages; a list made every batch a chain of dependent misses).
raw_lock g_global_lock;
task** g_global_ring = nullptr;  // guarded by g_global_lock: [g_global_cap]
std::size_t g_global_cap = 0;    // guarded by g_global_lock: 0 or a power of two
std::size_t g_global_first = 0;  // guarded by g_global_lock: index of the oldest
std::atomic<long> g_global_count{0};  // written under g_global_lock, read anywhere

thread_local machine* t_machine = nullptr;

}  // namespace

std::atomic<const vigil_event_hooks*> g_event_hooks{nullptr};

// Tasks may move between threads at any switch, so the compiler must not
// cache the address of a thread_local across one: every read goes through
// this non-inlined function with a compiler barrier.
__attribute__((noinline)) machine* this_machine() noexcept {
  asm volatile("" ::: "memory");
  return t_machine;
}

bool exiting() noexcept { return g_exiting.load(std::memory_order_relaxed); }

std::atomic<bool> g_forked_child{false};
// Tasks parked in wait_group::wait now (park).
std::atomic<int> g_group_waiters{0};

namespace {

// Waits the checker thread looks at, once the waiter is parked: waits for a
// holder (tasks or threads waiting for each other's mutexes, readers, a
// once), and waits that nothing outside blocked tasks may be able to end (a
// channel, a wait_group, the nil channel): the leak proof.
bool wait_worth_checking(int why) noexcept {
  switch (why) {
    case kWaitMutex:
    case kWaitRWMutexRead:
    case kWaitRWMutexWrite:
    case kWaitOnce:
    case kWaitChanSend:
    case kWaitChanRecv:
    case kWaitSelect:
    case kWaitSelectNoCases:
    case kWaitNilChanSend:
    case kWaitNilChanRecv:
    case kWaitWaitGroup:
      return true;
    default:
      return false;
  }
}

}  // namespace

void refuse_in_forked_child() noexcept {
  misuse_explained("tasks used in a forked child",
                   "This process was forked after tasks had started: only the thread that called fork "
                   "exists in it (the workers, the timer thread and every other task are gone), so tasks, "
                   "channels and timers cannot work here. Fork only to exec, or fork before the first go().");
}

namespace {
void mark_forked_child() noexcept { g_forked_child.store(true, std::memory_order_relaxed); }
}  // namespace

std::int64_t coarse_now_ns() noexcept {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int parse_env_int(const char* name, long lo, long hi, long dflt) noexcept {
  const char* v = std::getenv(name);
  if (!v || !*v) return static_cast<int>(dflt);
  char* end = nullptr;
  errno = 0;
  long x = std::strtol(v, &end, 10);
  if (errno || *end || x < lo || x > hi) {
    std::fprintf(stderr, "vigil: %s=%s is not valid (an integer from %ld to %ld)\n", name, v, lo, hi);
    std::fflush(stderr);
    _exit(2);
  }
  return static_cast<int>(x);
}

bool commit_unlock(void* lock) noexcept VIGIL_NO_TSA {
  static_cast<raw_lock*>(lock)->unlock();
  return true;
}

// ---------------------------------------------------------------------------
// Random numbers (xorshift, per thread): select order, steal order.
std::uint32_t fast_rand() noexcept {
  static thread_local std::uint32_t state = 0;
  std::uint32_t x = state;
  if (__builtin_expect(x == 0, 0)) {
    x = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(&state) >> 4) ^
        static_cast<std::uint32_t>(coarse_now_ns()) ^ 0x9E3779B9u;
    if (x == 0) x = 1;
  }
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  state = x;
  return x;
}

// ---------------------------------------------------------------------------
// Run queues.
namespace {

// A counter only its proc's owner writes: no read-modify-write needed.
void owner_add(std::atomic<std::int64_t>& c, std::int64_t d) noexcept {
  c.store(c.load(std::memory_order_relaxed) + d, std::memory_order_relaxed);
}

long live_tasks() noexcept {
  long n = g_live_external.load(std::memory_order_seq_cst);
  for (auto& p : g_procs)
    n += static_cast<long>(p.spawned.load(std::memory_order_relaxed) - p.finished.load(std::memory_order_relaxed));
  return n;
}

// Task ids come in blocks per proc (as Go's goids), so spawning touches no
// shared counter.
std::uint64_t next_task_id(proc* p) noexcept {
  constexpr std::uint64_t kBlock = 1024;
  if (!p) return g_next_id.fetch_add(1, std::memory_order_relaxed);
  if (p->next_id == p->id_limit) {
    p->next_id = g_next_id.fetch_add(kBlock, std::memory_order_relaxed);
    p->id_limit = p->next_id + kBlock;
  }
  return p->next_id++;
}

// Room for `more` tasks in the global ring (g_global_lock held).
void global_reserve_locked(std::size_t more) noexcept {
  std::size_t n = static_cast<std::size_t>(g_global_count.load(std::memory_order_relaxed));
  if (n + more <= g_global_cap) return;
  std::size_t cap = g_global_cap ? g_global_cap : 256;
  while (cap < n + more) cap *= 2;
  auto* ring = static_cast<task**>(std::malloc(cap * sizeof(task*)));
  if (!ring) fatal("out of memory for the global run queue");
  for (std::size_t i = 0; i < n; ++i) ring[i] = g_global_ring[(g_global_first + i) & (g_global_cap - 1)];
  std::free(g_global_ring);
  g_global_ring = ring;
  g_global_cap = cap;
  g_global_first = 0;
}

void global_put_locked(task* t) noexcept {
  long n = g_global_count.load(std::memory_order_relaxed);
  g_global_ring[(g_global_first + static_cast<std::size_t>(n)) & (g_global_cap - 1)] = t;
  g_global_count.store(n + 1, std::memory_order_relaxed);
}

// Appends ts[0..n) in order.
void global_put_array(task* const* ts, std::size_t n) noexcept {
  g_global_lock.lock();
  global_reserve_locked(n);
  for (std::size_t i = 0; i < n; ++i) global_put_locked(ts[i]);
  g_global_lock.unlock();
}

// Appends the n tasks of the list at head (linked through next) in order.
void global_put_list(task* head, long n) noexcept {
  g_global_lock.lock();
  global_reserve_locked(static_cast<std::size_t>(n));
  task* t = head;
  for (long i = 0; i < n; ++i, t = t->next) global_put_locked(t);
  g_global_lock.unlock();
}

void global_put(task* t) noexcept { global_put_array(&t, 1); }

// Owner only. When the local queue is full, half of it (and t) go global.
void runq_put(proc* p, task* t) noexcept {
  for (;;) {
    std::uint32_t h = p->runq_head.load(std::memory_order_acquire);
    std::uint32_t tl = p->runq_tail.load(std::memory_order_relaxed);
    if (tl - h < kRunqSize) {
      p->runq[tl % kRunqSize].store(t, std::memory_order_relaxed);
      p->runq_tail.store(tl + 1, std::memory_order_release);
      return;
    }
    // Full: move the older half to the global queue (claimed by CAS on head,
    // as a thief would).
    constexpr std::uint32_t n = kRunqSize / 2;
    task* batch[n];
    for (std::uint32_t i = 0; i < n; ++i) batch[i] = p->runq[(h + i) % kRunqSize].load(std::memory_order_relaxed);
    if (!p->runq_head.compare_exchange_strong(h, h + n, std::memory_order_release,
                                              std::memory_order_relaxed))
      continue;  // thieves took some: there is room now
    g_global_lock.lock();
    global_reserve_locked(n + 1);
    for (std::uint32_t i = 0; i < n; ++i) global_put_locked(batch[i]);
    global_put_locked(t);
    g_global_lock.unlock();
    return;
  }
}

// Owner only.
task* runq_get(proc* p) noexcept {
  for (;;) {
    std::uint32_t h = p->runq_head.load(std::memory_order_acquire);
    std::uint32_t tl = p->runq_tail.load(std::memory_order_relaxed);
    if (h == tl) return nullptr;
    task* t = p->runq[h % kRunqSize].load(std::memory_order_relaxed);
    if (p->runq_head.compare_exchange_weak(h, h + 1, std::memory_order_release,
                                           std::memory_order_relaxed))
      return t;
  }
}

bool runq_empty(const proc* p) noexcept {
  return p->runq_head.load(std::memory_order_acquire) == p->runq_tail.load(std::memory_order_acquire) &&
         p->runnext.load(std::memory_order_acquire) == nullptr;
}

// Steals about half of victim's queue into p's (empty) queue; returns one task.
//
// Correctness: the thief copies slots [h, h+n) and then claims them with a
// CAS on victim->runq_head. The owner overwrites a slot only at its tail when
// tail - head < kRunqSize, so a slot in [h, h+n) cannot be overwritten while
// head is still h; if head moved, the CAS fails and the copy is discarded.
task* runq_steal(proc* p, proc* victim, bool take_runnext) noexcept {
  for (;;) {
    std::uint32_t h = victim->runq_head.load(std::memory_order_acquire);
    std::uint32_t tl = victim->runq_tail.load(std::memory_order_acquire);
    std::uint32_t n = tl - h;
    // A lone queued task runs on its own worker soon (moving it costs more
    // in cache traffic than it saves); the monitor marks stuck ones stale.
    if (n == 1 && victim->sched_tick.load(std::memory_order_relaxed) != victim->stale_tick.load(std::memory_order_relaxed))
      n = 0;
    n -= n / 2;
    if (n == 0) {
      if (!take_runnext) return nullptr;
      task* t = victim->runnext.load(std::memory_order_relaxed);
      if (t && victim->runnext.compare_exchange_strong(t, nullptr, std::memory_order_acq_rel))
        return t;
      return nullptr;
    }
    if (n > kRunqSize / 2) continue;  // inconsistent snapshot
    std::uint32_t mytail = p->runq_tail.load(std::memory_order_relaxed);
    for (std::uint32_t i = 0; i < n; ++i)
      p->runq[(mytail + i) % kRunqSize].store(victim->runq[(h + i) % kRunqSize].load(std::memory_order_relaxed),
                                             std::memory_order_relaxed);
    if (!victim->runq_head.compare_exchange_strong(h, h + n, std::memory_order_acq_rel,
                                                   std::memory_order_relaxed))
      continue;
    task* t = p->runq[(mytail + n - 1) % kRunqSize].load(std::memory_order_relaxed);
    if (n > 1) p->runq_tail.store(mytail + n - 1, std::memory_order_release);
    return t;
  }
}

// Takes another proc's runnext task, but only one the monitor found stale:
// a task readied by a running task usually runs on the same worker as soon
// as that one blocks (ping-pong pairs, pipelines), and stealing it at once
// would split the pair across cores, where every hand-off then moves the
// channel's cache lines (Go waits ~3 µs for the same reason).
task* steal_runnext(proc* p, int np) noexcept {
  for (int i = 0; i < np; ++i) {
    proc* v = &g_procs[i];
    if (v == p) continue;
    task* t = v->runnext.load(std::memory_order_relaxed);
    if (!t || v->sched_tick.load(std::memory_order_relaxed) != v->stale_tick.load(std::memory_order_relaxed))
      continue;
    if (v->runnext.compare_exchange_strong(t, nullptr, std::memory_order_acq_rel)) return t;
  }
  return nullptr;
}

// Takes a batch from the global queue: returns one task, the rest go to p's queue.
task* global_get(proc* p) noexcept {
  if (g_global_count.load(std::memory_order_relaxed) == 0) return nullptr;
  g_global_lock.lock();
  long n = g_global_count.load(std::memory_order_relaxed);
  if (n == 0) {
    g_global_lock.unlock();
    return nullptr;
  }
  int np = g_nprocs.load(std::memory_order_relaxed);
  long take = n / (np > 0 ? np : 1) + 1;
  if (take > n) take = n;
  if (take > static_cast<long>(kRunqSize / 2)) take = kRunqSize / 2;
  task* batch[kRunqSize / 2];
  for (long i = 0; i < take; ++i) batch[i] = g_global_ring[(g_global_first + static_cast<std::size_t>(i)) & (g_global_cap - 1)];
  g_global_first = (g_global_first + static_cast<std::size_t>(take)) & (g_global_cap - 1);
  g_global_count.store(n - take, std::memory_order_relaxed);
  g_global_lock.unlock();
  for (long i = 1; i < take; ++i) runq_put(p, batch[i]);
  return batch[0];
}

// What a thief may take from v (see runq_steal and steal_runnext): half of
// a queue of two or more, or a lone task / runnext the monitor found stale.
bool stealable(proc* v) noexcept {
  std::uint32_t n = v->runq_tail.load(std::memory_order_acquire) - v->runq_head.load(std::memory_order_acquire);
  if (n >= 2) return true;
  if (n == 0 && !v->runnext.load(std::memory_order_acquire)) return false;
  return v->sched_tick.load(std::memory_order_relaxed) == v->stale_tick.load(std::memory_order_relaxed);
}

// Work this machine could pick up now: the global queue, its own proc's
// queues, or something stealable elsewhere.
bool work_for(const proc* self) noexcept {
  if (g_global_count.load(std::memory_order_acquire) != 0) return true;
  if (!runq_empty(self)) return true;
  int np = g_nprocs.load(std::memory_order_acquire);
  for (int i = 0; i < np; ++i)
    if (&g_procs[i] != self && stealable(&g_procs[i])) return true;
  return false;
}

bool work_anywhere() noexcept {
  if (g_global_count.load(std::memory_order_acquire) != 0) return true;
  int np = g_nprocs.load(std::memory_order_acquire);
  for (int i = 0; i < np; ++i)
    if (!runq_empty(&g_procs[i])) return true;
  return false;
}

// ---------------------------------------------------------------------------
// Waking machines.

// wake = 1: woken; wake = 2: woken to spin, holding the g_nspinning count
// that wakep() took for it (the machine sets its own flag once awake, so
// the flag and the count never disagree while it is on its way to sleep).
constexpr std::uint32_t kWoken = 1, kWokenToSpin = 2;

void wake_machine(machine* m, std::uint32_t how = kWoken) noexcept {
  m->wake.store(how, std::memory_order_release);
  futex_wake(&m->wake, 1);
}

// Wakes an idle machine to look for work, unless one is already looking.
void wakep() noexcept {
  if (g_nidle.load(std::memory_order_relaxed) == 0) return;
  int zero = 0;
  if (!g_nspinning.compare_exchange_strong(zero, 1, std::memory_order_seq_cst)) return;
  g_idle_lock.lock();
  machine* m = g_idle;
  if (m) {
    g_idle = m->idle_next;
    g_nidle.fetch_sub(1, std::memory_order_relaxed);
  }
  g_idle_lock.unlock();
  if (!m) {
    g_nspinning.fetch_sub(1, std::memory_order_seq_cst);
    return;
  }
  wake_machine(m, kWokenToSpin);
}

// After queueing work: the fence pairs with the one in find_work's idle path.
void notify_work() noexcept {
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (g_nidle.load(std::memory_order_relaxed) != 0 && g_nspinning.load(std::memory_order_relaxed) == 0)
    wakep();
}

void stop_spinning(machine* m) noexcept {
  if (!m->spinning.exchange(false, std::memory_order_seq_cst)) return;
  // The last spinner found work: there may be more, let another look.
  if (g_nspinning.fetch_sub(1, std::memory_order_seq_cst) == 1) notify_work();
}

// For parallelism only: the caller's own machine will run what it queued,
// so a wake-up lost to the missing fence costs latency, never liveness.
void notify_work_relaxed() noexcept {
  if (g_nidle.load(std::memory_order_relaxed) != 0 && g_nspinning.load(std::memory_order_relaxed) == 0)
    wakep();
}

// A queue is worth a thief when its tasks would wait longer than this: an
// idle worker woken by futex starts tens of microseconds later, and every
// task it takes makes that task's later hand-offs cross cores.
constexpr std::int64_t kWakeWorthNs = 20000;

// Makes t runnable from wherever we are.
void ready(task* t) noexcept {
  t->state.store(kTaskRunnable, std::memory_order_relaxed);
  machine* m = this_machine();
  if (m && m->p) {
    if (m->cur) {
      // runnext: this worker runs t as soon as the current task blocks, so
      // nobody is woken for it (the monitor rescues it if the current task
      // keeps running); a task it displaces goes to the queue, for thieves.
      task* old = m->p->runnext.exchange(t, std::memory_order_acq_rel);
      if (!old) return;
      runq_put(m->p, old);
    } else {
      runq_put(m->p, t);
    }
    // Wake a thief only for a queue worth splitting: one whose tasks would
    // wait here longer than a woken worker takes to start (queued tasks
    // times the recent time per schedule). Tasks that run for a few dozen
    // nanoseconds between channel hand-offs are done here sooner, and
    // moving them would make every later hand-off cross cores (the monitor
    // still rescues a queue stuck behind a long task).
    std::int64_t queued =
        m->p->runq_tail.load(std::memory_order_relaxed) - m->p->runq_head.load(std::memory_order_relaxed);
    if (queued >= 2 && queued * m->p->slice_ns >= kWakeWorthNs) notify_work_relaxed();
    return;
  }
  // A thread or the timer: nobody else will look unless woken.
  global_put(t);
  notify_work();
}

// ---------------------------------------------------------------------------
// Machines.

void* machine_main(void* arg);

constexpr int kMaxMachines = 4096;
machine* g_all_machines[kMaxMachines];  // append-only, for dumps
std::atomic<int> g_all_count{0};

void start_machine(proc* p) noexcept {
  auto* m = static_cast<machine*>(std::calloc(1, sizeof(machine)));
  if (!m) fatal("out of memory");
  ::new (m) machine();
  int slot = g_all_count.fetch_add(1);
  if (slot < kMaxMachines) g_all_machines[slot] = m;
  m->p = p;
  if (p) p->owner.store(m, std::memory_order_relaxed);
  g_nmachines.fetch_add(1, std::memory_order_relaxed);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t th;
  // Workers must not receive signals meant for the program's threads.
  sigset_t all, old;
  sigfillset(&all);
  sigdelset(&all, SIGSEGV);
  sigdelset(&all, SIGBUS);
  sigdelset(&all, SIGFPE);
  sigdelset(&all, SIGILL);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int rc = pthread_create(&th, &attr, machine_main, m);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    std::fprintf(stderr, "vigil: cannot start a worker thread: %s\n", std::strerror(rc));
    std::abort();
  }
}

// Gives proc p to a spare machine (or a new one).
void handoff_proc(proc* p) noexcept {
  g_idle_lock.lock();
  machine* m = g_spare;
  if (m) g_spare = m->idle_next;
  g_idle_lock.unlock();
  if (!m) {
    start_machine(p);
    return;
  }
  m->p = p;
  p->owner.store(m, std::memory_order_relaxed);
  wake_machine(m);
}

// m gives up its proc (set_procs shrank below it): its tasks go global.
void release_proc(machine* m) noexcept {
  proc* p = m->p;
  stop_spinning(m);
  if (task* t = p->runnext.exchange(nullptr, std::memory_order_acq_rel)) global_put(t);
  while (task* t = runq_get(p)) global_put(t);
  p->owner.store(nullptr, std::memory_order_relaxed);
  m->p = nullptr;
  g_nowned.fetch_sub(1, std::memory_order_seq_cst);
  notify_work();
}

[[noreturn]] void stop_forever() noexcept {
  std::atomic<std::uint32_t> never{0};
  for (;;) futex_wait(&never, 0);
}

// Sleeps as a spare until handoff_proc gives this machine a proc.
void wait_as_spare(machine* m) noexcept {
  for (;;) {
    g_idle_lock.lock();
    m->wake.store(0, std::memory_order_relaxed);
    if (m->p) {
      g_idle_lock.unlock();
      return;
    }
    m->idle_next = g_spare;
    g_spare = m;
    g_idle_lock.unlock();
    maybe_check_deadlock();
    while (m->wake.load(std::memory_order_acquire) == 0) futex_wait(&m->wake, 0);
    if (g_exiting.load(std::memory_order_relaxed)) stop_forever();
    if (m->p) {
      g_nowned.fetch_add(1, std::memory_order_seq_cst);
      return;
    }
  }
}

bool remove_idle(machine* m) noexcept {
  for (machine** pp = &g_idle; *pp; pp = &(*pp)->idle_next)
    if (*pp == m) {
      *pp = m->idle_next;
      return true;
    }
  return false;
}

// Finds a runnable task for m, sleeping while there is none. Returns null if
// m lost its proc (set_procs).
task* find_work(machine* m) noexcept {
  proc* p = m->p;
  for (;;) {
    if (g_exiting.load(std::memory_order_relaxed)) stop_forever();
    if (p->id >= g_nprocs.load(std::memory_order_acquire)) {
      release_proc(m);
      return nullptr;
    }
    // Fairness (Go's rule): every 61st schedule looks at the global queue
    // first, so tasks started or woken from outside the workers are not
    // starved by tasks that keep each other busy on the local queue.
    task* t = nullptr;
    if (p->sched_tick.load(std::memory_order_relaxed) % 61 == 0) t = global_get(p);
    if (!t) t = p->runnext.exchange(nullptr, std::memory_order_acq_rel);
    if (!t) t = runq_get(p);
    if (!t) t = global_get(p);
    if (t) {
      stop_spinning(m);
      return t;
    }
    int np = g_nprocs.load(std::memory_order_acquire);
    if (!m->spinning && np > 1 &&
        2 * g_nspinning.load(std::memory_order_relaxed) < np - g_nidle.load(std::memory_order_relaxed)) {
      m->spinning = true;
      g_nspinning.fetch_add(1, std::memory_order_seq_cst);
    }
    if (m->spinning) {
      for (int round = 0; round < 3 && !t; ++round) {
        std::uint32_t start = fast_rand();
        for (int i = 0; i < np && !t; ++i) {
          proc* v = &g_procs[(start + static_cast<std::uint32_t>(i)) % static_cast<std::uint32_t>(np)];
          if (v != p) t = runq_steal(p, v, false);
        }
      }
      if (!t) t = steal_runnext(p, np);
      if (t) {
        stop_spinning(m);
        return t;
      }
    }
    // Nothing: go idle.
    g_idle_lock.lock();
    if (g_global_count.load(std::memory_order_relaxed) != 0 || g_exiting.load(std::memory_order_relaxed) ||
        p->id >= g_nprocs.load(std::memory_order_relaxed)) {
      g_idle_lock.unlock();
      continue;
    }
    m->wake.store(0, std::memory_order_relaxed);
    m->idle_next = g_idle;
    g_idle = m;
    g_nidle.fetch_add(1, std::memory_order_seq_cst);
    g_idle_lock.unlock();
    bool was_spinning = m->spinning.exchange(false, std::memory_order_seq_cst);
    if (was_spinning) g_nspinning.fetch_sub(1, std::memory_order_seq_cst);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (work_for(p)) {
      g_idle_lock.lock();
      bool removed = remove_idle(m);
      if (removed) g_nidle.fetch_sub(1, std::memory_order_relaxed);
      g_idle_lock.unlock();
      if (removed) {
        if (was_spinning) {
          m->spinning = true;
          g_nspinning.fetch_add(1, std::memory_order_seq_cst);
        }
        continue;
      }
      // Someone already took us off the idle list and is waking us.
    } else {
      maybe_check_deadlock();
    }
    // Going to sleep while others work: the monitor watches for work stuck
    // behind a busy task.
    if (g_nidle.load(std::memory_order_relaxed) < g_nowned.load(std::memory_order_relaxed)) sysmon_wake();
    while (m->wake.load(std::memory_order_acquire) == 0) futex_wait(&m->wake, 0);
    if (m->wake.load(std::memory_order_relaxed) == kWokenToSpin) m->spinning.store(true, std::memory_order_relaxed);
  }
}

void swap_eh_in(machine* m, task* t) noexcept { std::memcpy(m->eh, t->eh_globals, sizeof t->eh_globals); }
void swap_eh_out(machine* m, task* t) noexcept {
  std::memcpy(t->eh_globals, m->eh, sizeof t->eh_globals);
  std::memset(m->eh, 0, sizeof t->eh_globals);
}

constexpr std::uint64_t kSliceSample = 64;

// At every kSliceSample-th schedule of p (by its owner): the mean time per
// schedule since the previous one (proc::slice_ns). One clock read per 64
// switches.
void note_slices(proc* p) noexcept {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  std::int64_t now = ts.tv_sec * 1000000000LL + ts.tv_nsec;
  if (p->slice_mark_ns != 0) p->slice_ns = (now - p->slice_mark_ns) / static_cast<std::int64_t>(kSliceSample);
  p->slice_mark_ns = now;
}

// Runs t on m until it switches back, then carries out what it asked for.
void execute(machine* m, task* t) noexcept {
  for (;;) {
    m->cur = t;
    m->act = kActNone;
    t->state.store(kTaskRunning, std::memory_order_relaxed);
    std::uint64_t tick = m->p->sched_tick.load(std::memory_order_relaxed) + 1;
    m->p->sched_tick.store(tick, std::memory_order_relaxed);
    if (tick % kSliceSample == 0) note_slices(m->p);
    swap_eh_in(m, t);
    VIGIL_EVENT(task_switch, t->detector_state);
    bctx::transfer_t tr = bctx::jump_fcontext(t->ctx, nullptr);
    t->ctx = tr.fctx;
    VIGIL_EVENT(task_switch, nullptr);
    swap_eh_out(m, t);
    m->cur = nullptr;
    if (!stack_guards_installed() &&
        __builtin_expect(std::memcmp(t->stack_lo, &kCanary, sizeof kCanary) != 0, 0))
      report_stack_overflow(t);
    switch (m->act) {
      case kActPark: {
        int why = t->why.load(std::memory_order_relaxed);  // (after the commit t may run again)
        t->state.store(kTaskParked, std::memory_order_relaxed);
        if (!m->commit(m->commit_arg)) continue;  // park abandoned: resume at once
        // Parked now: the checks see it (a request made before this point
        // could be served by a pass that does not).
        if (wait_worth_checking(why)) request_wait_cycle_check();
        return;
      }
      case kActYield:
        // To the global queue, as Go's Gosched: everything else runs first.
        t->state.store(kTaskRunnable, std::memory_order_relaxed);
        global_put(t);
        return;
      case kActExit:
        owner_add(m->p->finished, 1);
        stack_pool_put(m->p, t);
        return;
      case kActBlockingLeave:
        // m's proc went to another machine in blocking_enter: queue the task
        // for any proc and become a spare.
        t->state.store(kTaskRunnable, std::memory_order_relaxed);
        g_nblocking.fetch_sub(1, std::memory_order_seq_cst);
        global_put(t);
        notify_work();
        return;
      case kActNone:
        fatal("task switched to the scheduler without a request");
    }
  }
}

void install_altstack() noexcept {
  constexpr std::size_t kAlt = 128 * 1024;
  void* mem = mmap(nullptr, kAlt, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return;
  stack_t ss{};
  ss.ss_sp = mem;
  ss.ss_size = kAlt;
  sigaltstack(&ss, nullptr);
}

void* machine_main(void* arg) {
  auto* m = static_cast<machine*>(arg);
  t_machine = m;
  m->eh = abi::__cxa_get_globals();
  install_altstack();
  if (m->p) g_nowned.fetch_add(1, std::memory_order_seq_cst);
  for (;;) {
    if (!m->p) wait_as_spare(m);
    task* t = find_work(m);
    if (t) execute(m, t);
  }
  return nullptr;
}

// Switches from a task to its machine's scheduler loop; returns when the
// task is resumed (possibly on another machine).
void switch_to_scheduler(machine* m) noexcept {
  bctx::transfer_t tr = bctx::jump_fcontext(m->g0, nullptr);
  this_machine()->g0 = tr.fctx;
}

void task_entry(bctx::transfer_t tr) noexcept {
  machine* m = this_machine();
  m->g0 = tr.fctx;
  task* t = m->cur;
  t->run(t->closure);
  if (t->closure_on_heap) std::free(t->closure);
  // Its closure is gone, and with it maybe the last pointer to a wait_group
  // a task waits on: the leak proof looks (a channel's last handle going
  // asks by itself, in chan_unref).
  if (g_group_waiters.load(std::memory_order_relaxed) > 0) request_wait_cycle_check();
  VIGIL_EVENT(task_end, t->detector_state);
  t->detector_state = nullptr;
  m = this_machine();
  m->act = kActExit;
  bctx::jump_fcontext(m->g0, nullptr);
  fatal("a finished task was resumed");
}

// At exit: tasks left behind are reported first (while the scheduler still
// runs them: the check lets them settle), then the workers stop taking work.
void on_exit_handler() noexcept {
  check_task_leaks(0, true);
  g_exiting.store(true, std::memory_order_relaxed);
}

void start_procs(int n) noexcept {
  for (int i = 0; i < n; ++i) {
    g_procs[i].id = i;
    if (!g_procs[i].owner.load(std::memory_order_relaxed)) handoff_proc(&g_procs[i]);
  }
}

}  // namespace

void install_signal_handlers() noexcept;  // dump.cpp

void ensure_started() noexcept {
  if (g_started.load(std::memory_order_acquire)) return;
  g_start_lock.lock();
  if (!g_started.load(std::memory_order_relaxed)) {
    for (int i = 0; i < kMaxProcs; ++i) g_procs[i].id = i;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1) cores = 1;
    if (cores > kMaxProcs) cores = kMaxProcs;
    int n = parse_env_int("VIGIL_PROCS", 1, kMaxProcs, cores);
    (void)task_stack_size();  // validates VIGIL_STACK_SIZE now, not in a task
    std::atexit(on_exit_handler);
    pthread_atfork(nullptr, nullptr, mark_forked_child);
    install_signal_handlers();
    g_nprocs.store(n, std::memory_order_release);
    start_procs(n);
    g_started.store(true, std::memory_order_release);
  }
  g_start_lock.unlock();
}

// ---------------------------------------------------------------------------
// Tasks.

new_task task_create(std::size_t size, std::size_t align, void (*run)(void*), const void* creator_pc) {
  check_not_forked_child();
  ensure_started();
  machine* m = this_machine();
  proc* p = m ? m->p : nullptr;
  task* t = stack_pool_get(p);
  __atomic_store_n(&t->id, next_task_id(p), __ATOMIC_RELAXED);  // read by the checker (leaks.cpp)
  t->run = run;
  t->creator_pc = creator_pc;
  t->leak_epoch = report::leak_epoch();
  t->in_reported_deadlock.store(kReportedNot, std::memory_order_relaxed);
  t->parked_forever.store(false, std::memory_order_relaxed);
  t->why.store(kWaitNone, std::memory_order_relaxed);
  t->eh_globals[0] = t->eh_globals[1] = nullptr;
  auto top = reinterpret_cast<std::uintptr_t>(t);
  constexpr std::size_t kInlineClosure = 1024;
  t->closure_size = size;
  t->proven_park = ~std::uint64_t(0);
  t->read_held_n.store(0, std::memory_order_relaxed);
  t->read_held_exact.store(true, std::memory_order_relaxed);
  if (size <= kInlineClosure && align <= 64) {
    top = (top - size) & ~(std::uintptr_t(align) - 1);
    t->closure = reinterpret_cast<void*>(top);
    t->closure_on_heap = false;
  } else {
    t->closure = std::aligned_alloc(align < 16 ? 16 : align, (size + align - 1) / align * align);
    if (!t->closure) fatal("out of memory for a task's arguments");
    t->closure_on_heap = true;
  }
  top &= ~std::uintptr_t(15);
  auto* sp = reinterpret_cast<void*>(top);
  t->ctx = bctx::make_fcontext(sp, top - reinterpret_cast<std::uintptr_t>(t->stack_lo), task_entry);
  if (p)
    owner_add(p->spawned, 1);
  else
    g_live_external.fetch_add(1, std::memory_order_relaxed);
  return {t, t->closure};
}

void task_start(task* t) noexcept {
  // go() happens before the task starts (its closure is built by now).
  if (const vigil_event_hooks* h = event_hooks(); __builtin_expect(h != nullptr, 0))
    t->detector_state = h->task_spawn(t, t->id, t->creator_pc, t->stack_lo,
                                      static_cast<std::size_t>(t->stack_hi - t->stack_lo));
  t->state.store(kTaskRunnable, std::memory_order_relaxed);
  machine* m = this_machine();
  if (m && m->p) {
    runq_put(m->p, t);
    notify_work_relaxed();
    return;
  }
  global_put(t);
  notify_work();
}

task* current_task() noexcept {
  machine* m = this_machine();
  return m ? m->cur : nullptr;
}

// ---------------------------------------------------------------------------
// Threads that park (main, std::threads).
namespace {

struct thread_rec {
  waiter w;
  std::atomic<int> why{kWaitNone};
  std::atomic<std::uint64_t> parks{0};  // bumped by the thread at every park (deadlock check)
  const void* object = nullptr;
  std::int64_t since = 0;
  std::uintptr_t pcs[32] = {};
  int npcs = 0;
  pid_t tid = 0;
  // self_id(): assigned by the thread at its first lock of a mutex (or
  // park); read by the deadlock check under g_threads_lock.
  std::atomic<std::uint64_t> id{0};
  thread_rec* next = nullptr;  // guarded by g_threads_lock
  bool listed = false;
  ~thread_rec();
};

raw_lock g_threads_lock;
thread_rec* g_threads = nullptr;  // guarded by g_threads_lock

thread_rec::~thread_rec() {
  if (!listed) return;
  g_threads_lock.lock();
  for (thread_rec** pp = &g_threads; *pp; pp = &(*pp)->next)
    if (*pp == this) {
      *pp = next;
      break;
    }
  g_threads_lock.unlock();
}

thread_local thread_rec t_thread;

__attribute__((noinline)) thread_rec* this_thread_rec() noexcept {
  asm volatile("" ::: "memory");
  return &t_thread;
}

std::atomic<std::uint64_t> g_next_thread_id{1};

std::uint64_t thread_id_of(thread_rec* r) noexcept {
  std::uint64_t id = r->id.load(std::memory_order_relaxed);
  if (__builtin_expect(id == 0, 0)) {
    id = kThreadIdBit | g_next_thread_id.fetch_add(1, std::memory_order_relaxed);
    r->id.store(id, std::memory_order_relaxed);
  }
  return id;
}

void park_thread(park_commit commit, void* arg, wait_reason why, const void* object) noexcept {
  thread_rec* r = this_thread_rec();
  thread_id_of(r);
  if (!r->listed) {
    r->tid = static_cast<pid_t>(syscall(SYS_gettid));
    g_threads_lock.lock();
    r->next = g_threads;
    g_threads = r;
    r->listed = true;
    g_threads_lock.unlock();
  }
  r->w.wake.store(0, std::memory_order_relaxed);
  r->object = object;
  r->since = coarse_now_ns();
  r->npcs = capture_stack(r->pcs, 32, 0);
  r->why.store(why, std::memory_order_relaxed);
  r->parks.fetch_add(1, std::memory_order_relaxed);
  if (!commit(arg)) {
    r->why.store(kWaitNone, std::memory_order_relaxed);
    return;
  }
  if (wait_worth_checking(why)) request_wait_cycle_check();  // parked now (see the task case)
  g_parked_threads.fetch_add(1, std::memory_order_seq_cst);
  maybe_check_deadlock();
  while (r->w.wake.load(std::memory_order_acquire) == 0) futex_wait(&r->w.wake, 0);
  r->why.store(kWaitNone, std::memory_order_relaxed);
}

}  // namespace

std::uint64_t self_id() noexcept {
  machine* m = this_machine();
  if (m && m->cur) return m->cur->id;
  return thread_id_of(this_thread_rec());
}

waiter* current_waiter() noexcept {
  machine* m = this_machine();
  if (m && m->cur) return &m->cur->w;
  return &this_thread_rec()->w;
}

// Invariant: while read_held_exact, read_held[0 .. read_held_n) names every
// share the task holds; once it held more than kReadHeldMax at once, only
// the count is kept until it drops to 0 (the proof then knows nothing of it).
void note_read_held(const void* rw) noexcept {
  task* t = current_task();
  if (!t) return;
  std::uint8_t n = t->read_held_n.load(std::memory_order_relaxed);
  if (n < task::kReadHeldMax) t->read_held[n].store(rw, std::memory_order_relaxed);
  else t->read_held_exact.store(false, std::memory_order_relaxed);
  if (n < 255) t->read_held_n.store(static_cast<std::uint8_t>(n + 1), std::memory_order_release);
  else t->read_held_exact.store(false, std::memory_order_relaxed);
}

void note_read_released(const void* rw) noexcept {
  task* t = current_task();
  if (!t) return;
  std::uint8_t n = t->read_held_n.load(std::memory_order_relaxed);
  if (n == 0) return;  // a share another task or thread took (Go allows it)
  if (!t->read_held_exact.load(std::memory_order_relaxed)) {
    if (n - 1 == 0) t->read_held_exact.store(true, std::memory_order_relaxed);
    t->read_held_n.store(static_cast<std::uint8_t>(n - 1), std::memory_order_release);
    return;
  }
  for (int i = n - 1; i >= 0; i--) {
    if (t->read_held[i].load(std::memory_order_relaxed) != rw) continue;
    // The last one takes its place (the order does not matter).
    t->read_held[i].store(t->read_held[n - 1].load(std::memory_order_relaxed), std::memory_order_relaxed);
    t->read_held_n.store(static_cast<std::uint8_t>(n - 1), std::memory_order_release);
    return;
  }
  // Not a share of this task's: taken by another (Go allows it).
}

namespace {

// Parks the running task t (on machine m) until unpark.
void park_task(machine* m, task* t, park_commit commit, void* arg, wait_reason why, const void* object) noexcept {
  t->why.store(why, std::memory_order_relaxed);
  t->wait_object = object;
  t->wait_since = coarse_now_ns();
  t->parks.store(t->parks.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  m->act = kActPark;
  m->commit = commit;
  m->commit_arg = arg;
  VIGIL_EVENT(task_wait, t->detector_state, wait_reason_name(why));
  switch_to_scheduler(m);  // (m is not this task's machine any more after)
  VIGIL_EVENT(task_wait, t->detector_state, nullptr);
  t->why.store(kWaitNone, std::memory_order_relaxed);
}

}  // namespace

void park(park_commit commit, void* arg, wait_reason why, const void* object) noexcept {
  check_not_forked_child();
  machine* m = this_machine();
  if (!m || !m->cur) {
    park_thread(commit, arg, why, object);
    return;
  }
  if (why != kWaitWaitGroup) {
    park_task(m, m->cur, commit, arg, why, object);
    return;
  }
  // While a task waits on a wait_group, every task's end asks the proof to
  // look (task_entry).
  g_group_waiters.fetch_add(1, std::memory_order_relaxed);
  park_task(m, m->cur, commit, arg, why, object);
  g_group_waiters.fetch_sub(1, std::memory_order_relaxed);
}

namespace {
bool commit_always(void*) noexcept { return true; }
}  // namespace

void park_forever(wait_reason why) noexcept {
  // A task that can never be woken is a leak proven now: the check on the
  // timer thread reports it (grouped) without waiting for the exit.
  if (task* t = current_task()) t->parked_forever.store(true, std::memory_order_relaxed);
  for (;;) park(commit_always, nullptr, why, nullptr);
}

bool spin_worthwhile() noexcept {
  machine* m = this_machine();
  if (!m || !m->p) {  // a thread: the holder may be any other thread
    static const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 1;
  }
  // Go's canSpin: some other worker runs tasks (one of them may hold the
  // lock), and this worker has nothing else to run.
  int np = g_nprocs.load(std::memory_order_relaxed);
  if (np <= g_nidle.load(std::memory_order_relaxed) + g_nspinning.load(std::memory_order_relaxed) + 1) return false;
  return runq_empty(m->p);
}

void unpark(waiter* w) noexcept {
  if (w->t) {
    ready(w->t);
    return;
  }
  g_parked_threads.fetch_sub(1, std::memory_order_seq_cst);
  w->wake.store(1, std::memory_order_release);
  futex_wake(&w->wake, 1);
}

void unpark_batch::add(waiter* w) noexcept {
  if (!w->t) {
    unpark(w);
    return;
  }
  task* t = w->t;
  t->state.store(kTaskRunnable, std::memory_order_relaxed);
  t->next = nullptr;
  if (tail)
    tail->next = t;
  else
    head = t;
  tail = t;
  ++n;
}

void unpark_batch::flush() noexcept {
  if (!head) return;
  machine* m = this_machine();
  if (m && m->p) {
    for (task* t = head; t;) {
      task* nx = t->next;
      runq_put(m->p, t);
      t = nx;
    }
  } else {
    global_put_list(head, n);
  }
  head = tail = nullptr;
  n = 0;
  notify_work();
}

// ---------------------------------------------------------------------------
// blocking(): hand the proc to another machine while this one blocks.

bool blocking_enter() noexcept {
  machine* m = this_machine();
  if (!m || !m->cur) return false;
  proc* p = m->p;
  m->cur->state.store(kTaskBlocking, std::memory_order_relaxed);
  m->cur->why.store(kWaitBlocking, std::memory_order_relaxed);
  g_nblocking.fetch_add(1, std::memory_order_seq_cst);
  stop_spinning(m);
  m->p = nullptr;
  p->owner.store(nullptr, std::memory_order_relaxed);
  g_nowned.fetch_sub(1, std::memory_order_seq_cst);
  handoff_proc(p);
  return true;
}

void blocking_leave() noexcept {
  machine* m = this_machine();
  task* t = m->cur;
  t->why.store(kWaitNone, std::memory_order_relaxed);
  m->act = kActBlockingLeave;
  switch_to_scheduler(m);
}

}  // namespace vigil::detail

extern "C" bool __vigil_library_attach(const vigil_event_hooks* hooks) {
  using namespace vigil::detail;
  if (hooks && hooks->version != kEventHooksVersion) return false;
  g_event_hooks.store(hooks, std::memory_order_release);
  return true;
}

namespace vigil {

void yield() noexcept {
  detail::machine* m = detail::this_machine();
  if (!m || !m->cur) return;
  m->act = detail::kActYield;
  detail::switch_to_scheduler(m);
}

int procs() noexcept {
  detail::ensure_started();
  return detail::g_nprocs.load(std::memory_order_relaxed);
}

int set_procs(int n) noexcept {
  using namespace detail;
  if (n < 1 || n > kMaxProcs) misuse("set_procs: the number of workers must be between 1 and 256");
  ensure_started();
  g_start_lock.lock();
  int old = g_nprocs.exchange(n, std::memory_order_seq_cst);
  if (n > old) start_procs(n);
  g_start_lock.unlock();
  if (n < old) {
    // Wake every idle machine: those whose proc is gone release it.
    g_idle_lock.lock();
    machine* list = g_idle;
    g_idle = nullptr;
    g_nidle.store(0, std::memory_order_seq_cst);
    g_idle_lock.unlock();
    while (list) {
      machine* nx = list->idle_next;
      wake_machine(list);
      list = nx;
    }
  }
  return old;
}

}  // namespace vigil

// ---------------------------------------------------------------------------
// The monitor's pass (on the timer thread, every millisecond while some
// workers are busy and some idle): a proc whose runnext or queue holds work
// and which has not scheduled anything since the last pass is stuck behind a
// long-running task; mark its runnext stealable and wake an idle worker.
namespace vigil::detail {

bool sysmon_pass() noexcept {
  int idle = g_nidle.load(std::memory_order_acquire);
  int owned = g_nowned.load(std::memory_order_acquire);
  if (idle == 0 || idle >= owned || g_exiting.load(std::memory_order_relaxed)) return false;
  bool stuck = false;
  int np = g_nprocs.load(std::memory_order_acquire);
  for (int i = 0; i < np; ++i) {
    proc* p = &g_procs[i];
    std::uint64_t tick = p->sched_tick.load(std::memory_order_relaxed);
    bool has_work = p->runnext.load(std::memory_order_relaxed) ||
                    p->runq_head.load(std::memory_order_relaxed) != p->runq_tail.load(std::memory_order_relaxed);
    if (has_work && tick == p->monitor_seen_tick) {
      p->stale_tick.store(tick, std::memory_order_relaxed);
      stuck = true;
    }
    p->monitor_seen_tick = tick;
  }
  if (stuck) notify_work();
  return true;
}

}  // namespace vigil::detail

// ---------------------------------------------------------------------------
// The global deadlock check (Go's checkdead).
namespace vigil::detail {
namespace {

std::atomic<bool> g_deadlock_reported{false};

int process_thread_count() noexcept {
  int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[4096];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  const char* s = std::strstr(buf, "\nThreads:");
  if (!s) return -1;
  return std::atoi(s + 9);
}

// The part of everyone_asleep that costs no system call: every proc's
// machine idle, no run queue holds a task, nobody in blocking(), no timer
// pending, and someone (a task or a parked thread) waiting.
bool everyone_idle() noexcept {
  if (g_nblocking.load(std::memory_order_seq_cst) != 0) return false;
  if (g_nidle.load(std::memory_order_seq_cst) != g_nowned.load(std::memory_order_seq_cst)) return false;
  if (timers_pending() != 0) return false;
  if (work_anywhere()) return false;
  return live_tasks() != 0 || g_parked_threads.load(std::memory_order_seq_cst) != 0;
}

// True when nothing in the process can make progress: everyone idle, and
// every thread of the process is one of ours or parked on a primitive (read
// from /proc: on the checker thread only, see maybe_check_deadlock).
bool everyone_asleep() noexcept {
  if (!everyone_idle()) return false;
  int parked = g_parked_threads.load(std::memory_order_seq_cst);
  int threads = process_thread_count();
  int ours = g_nmachines.load(std::memory_order_seq_cst) + timer_threads();
  return threads > 0 && threads == ours + parked;
}

}  // namespace

// Progress since an earlier look: any task scheduled or any thread parked
// again means something ran in between.
std::uint64_t progress_snapshot() noexcept {
  std::uint64_t sum = 0;
  for (auto& p : g_procs) sum += p.sched_tick.load(std::memory_order_relaxed);
  g_threads_lock.lock();
  for (thread_rec* r = g_threads; r; r = r->next) sum += r->parks.load(std::memory_order_relaxed) * 0x9E3779B97F4A7C15ull;
  g_threads_lock.unlock();
  return sum;
}

void maybe_check_deadlock() noexcept {
  if (g_exiting.load(std::memory_order_relaxed) || g_deadlock_reported.load(std::memory_order_relaxed))
    return;
  // The rest (reading /proc, looking again over 55 ms) is the checker
  // thread's: a worker or thread on its way to sleep must not stall in it
  // (a wake-up arriving meanwhile would wait for the looks to end), and
  // everyone goes idle for a moment now and then in a busy program.
  if (everyone_idle()) request_deadlock_check();
}

void confirm_deadlock() noexcept {
  if (g_exiting.load(std::memory_order_relaxed) || g_deadlock_reported.load(std::memory_order_relaxed))
    return;
  if (!everyone_asleep()) return;
  // A false report ends the program, so look three times over ~60 ms and
  // require that nothing at all ran in between: a thread between two steps
  // of a primitive (a waker about to unpark, a thread created a moment ago)
  // shows up as progress or as running in one of the looks.
  std::uint64_t before = progress_snapshot();
  for (long wait_ns : {5000000L, 50000000L}) {
    timespec ts{0, wait_ns};
    nanosleep(&ts, nullptr);
    if (!everyone_asleep() || progress_snapshot() != before) return;
  }
  if (g_deadlock_reported.exchange(true)) return;
  report_global_deadlock();
}

}  // namespace vigil::detail

namespace vigil::detail {

void describe_scheduler(base::dyn_text& t) noexcept {
  t.str("scheduler: procs=").dec(static_cast<std::uint64_t>(g_nprocs.load()))
      .str(" owned=").dec(static_cast<std::uint64_t>(g_nowned.load()))
      .str(" idle=").dec(static_cast<std::uint64_t>(g_nidle.load()))
      .str(" spinning=").dec(static_cast<std::uint64_t>(g_nspinning.load()))
      .str(" blocking=").dec(static_cast<std::uint64_t>(g_nblocking.load()))
      .str(" global=").dec(static_cast<std::uint64_t>(g_global_count.load()))
      .str(" live=").dec(static_cast<std::uint64_t>(live_tasks())).chr('\n');
  int np = g_nprocs.load();
  for (int i = 0; i < np; ++i) {
    proc* p = &g_procs[i];
    machine* m = p->owner.load();
    task* rn = p->runnext.load();
    t.str("  proc ").dec(static_cast<std::uint64_t>(i)).str(": machine ")
        .str(m ? (m->cur ? "running" : "scheduling/idle") : "none").str(m && m->spinning ? " spinning" : "")
        .str(", runq ").dec(p->runq_tail.load() - p->runq_head.load()).str(", runnext ").str(rn ? "task" : "-")
        .str(", tick ").dec(p->sched_tick.load()).chr('\n');
  }
  int nm = g_all_count.load();
  for (int i = 0; i < nm && i < kMaxMachines; ++i) {
    machine* m = g_all_machines[i];
    t.str("  machine ").dec(static_cast<std::uint64_t>(i)).str(": proc ");
    if (m->p) t.dec(static_cast<std::uint64_t>(m->p->id));
    else t.str("-");
    t.str(m->cur ? " running" : "").str(m->spinning ? " spinning" : "").str(", wake ").dec(m->wake.load()).chr('\n');
  }
  t.chr('\n');
}

void for_each_parked_thread(void (*f)(const parked_thread& t, void* arg), void* arg) noexcept {
  g_threads_lock.lock();
  for (thread_rec* r = g_threads; r; r = r->next) {
    int why = r->why.load(std::memory_order_relaxed);
    if (why == kWaitNone) continue;
    f(parked_thread{r->tid, why, r->since, r->pcs, r->npcs, r->id.load(std::memory_order_relaxed), r->object}, arg);
  }
  g_threads_lock.unlock();
}

bool find_thread(std::uint64_t id, pid_t* tid, int* why) noexcept {
  bool found = false;
  g_threads_lock.lock();
  for (thread_rec* r = g_threads; r; r = r->next)
    if (r->id.load(std::memory_order_relaxed) == id) {
      *tid = r->tid;
      *why = r->why.load(std::memory_order_relaxed);
      found = true;
      break;
    }
  g_threads_lock.unlock();
  return found;
}

bool all_asleep() noexcept { return everyone_asleep(); }

}  // namespace vigil::detail
