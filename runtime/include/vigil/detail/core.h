// detail/core.h — the library's type-erased core, as the public headers see it.
//
// Not for users. The templates in vigil's public headers are thin: they turn a
// typed call into one of the functions below, which live in libvigil (compiled
// once, never instrumented). Element types reach the core through an elem_ops
// table, the way Go's runtime sees a channel's element type through its size
// and copy routine.

#ifndef VIGIL_DETAIL_CORE_H
#define VIGIL_DETAIL_CORE_H

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

#include "events.h"
#include "raw_lock.h"

#define VIGIL_API __attribute__((visibility("default")))

namespace vigil::detail {

// ---------------------------------------------------------------------------
// Misuse: ends the program like Go's panic (message, stack, exit status 66).
[[noreturn]] VIGIL_API void misuse(const char* message) noexcept;
// An exception escaped a task: reported with the task's creation site, then abort().
[[noreturn]] VIGIL_API void task_exception(const char* what) noexcept;

// ---------------------------------------------------------------------------
// Tasks.
//
// go() asks for a new task with room for its closure (`size` bytes aligned to
// `align`, kept on the task's own stack when small), constructs the closure
// there, then starts the task. `run` invokes and destroys the closure.
struct task;
struct new_task {
  task* t;
  void* closure;
};
VIGIL_API new_task task_create(std::size_t size, std::size_t align, void (*run)(void* closure),
                               const void* creator_pc);
VIGIL_API void task_start(task* t) noexcept;
// Brackets a blocking call made from a task: the worker's other tasks move to
// another thread until blocking_leave().
VIGIL_API bool blocking_enter() noexcept;
VIGIL_API void blocking_leave() noexcept;

// Who is running this code: the task's id, or for a thread a number of its
// own with kThreadIdBit set; never 0, never reused within a process. A mutex
// keeps its holder's (the wait-for graph of deadlock reports).
constexpr std::uint64_t kThreadIdBit = std::uint64_t(1) << 63;

// The address of the code where it is inlined (always inline: the caller's
// own), for reports that show where an earlier operation was made; null
// where the architecture has no cheap way to say.
[[gnu::always_inline]] inline const void* code_address() noexcept {
#if defined(__x86_64__)
  const void* pc;
  asm("leaq 0(%%rip), %0" : "=r"(pc));
  return pc;
#elif defined(__aarch64__)
  const void* pc;
  asm("adr %0, ." : "=r"(pc));
  return pc;
#else
  return nullptr;
#endif
}
VIGIL_API std::uint64_t self_id() noexcept;

// Reports read the sync types' private state (a mutex's holder, a
// wait_group's counter) through this one friend (sched/waits.cpp).
struct sync_access;

// A FIFO of parked waiters (tasks or threads) with its own lock; the building
// block of mutex, rw_mutex, wait_group and once. Constant-initializable.
struct waiter;
struct wait_queue {
  raw_lock lock;
  waiter* head = nullptr;  // guarded by lock
  waiter* tail = nullptr;  // guarded by lock
};

// Go's runtime semaphore: acquire() waits for count > 0 and takes one;
// release() adds one and wakes the oldest waiter (handoff: the woken waiter
// owns the unit, nobody can barge in between).
struct sema {
  std::atomic<std::uint32_t> count{0};
  wait_queue q;
};
VIGIL_API void sema_acquire(sema* s, int reason) noexcept;
VIGIL_API void sema_release(sema* s) noexcept;

// Why a task or thread is parked (printed by deadlock reports and SIGQUIT dumps).
enum wait_reason : int {
  kWaitNone = 0,
  kWaitChanSend,
  kWaitChanRecv,
  kWaitSelect,
  kWaitSelectNoCases,
  kWaitNilChanSend,
  kWaitNilChanRecv,
  kWaitSleep,
  kWaitMutex,
  kWaitRWMutexRead,
  kWaitRWMutexWrite,
  kWaitWaitGroup,
  kWaitOnce,
  kWaitBlocking,
};

// ---------------------------------------------------------------------------
// Channels.
struct elem_ops {
  // Constructs *dst from std::move(*src); dst is raw storage.
  void (*move_construct)(void* dst, void* src) noexcept;
  void (*destroy)(void* p) noexcept;
  std::uint32_t size;
  std::uint32_t align;
  // Trivially copyable and destructible: the core copies bytes itself and
  // skips destroy (no indirect calls inside the channel's lock).
  bool trivial;
  // The compiler's spelling of the function below: reports name the element
  // type from its "[T = ...]" part (no RTTI needed).
  const char* (*pretty_name)() noexcept;
};

template <class T>
struct elem_ops_for {
  static void move_construct(void* dst, void* src) noexcept {
    ::new (dst) T(std::move(*static_cast<T*>(src)));
  }
  static void destroy(void* p) noexcept { static_cast<T*>(p)->~T(); }
  static const char* pretty_name() noexcept { return __PRETTY_FUNCTION__; }
  static constexpr elem_ops ops{&move_construct, &destroy, sizeof(T), alignof(T),
                                std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                                &pretty_name};
};

// The first member of every channel: handles share it by reference count.
// The leak proof (leaks.cpp) reads refs: a channel whose every handle is held
// by tasks blocked for good can never be operated on again.
struct chan_core {
  std::atomic<std::size_t> refs{1};
  // Set (for good) once a task or thread has parked on the channel: from then
  // on a dropped handle may be the last one a parked waiter's waker held, so
  // it asks for the leak proof to look (chan_dropped).
  std::atomic<bool> parked_on{false};
};
VIGIL_API chan_core* chan_make(const elem_ops* ops, std::size_t capacity);
VIGIL_API void chan_destroy(chan_core* c) noexcept;  // when refs drops to 0
VIGIL_API void chan_dropped() noexcept;               // a handle of a parked-on channel went
inline void chan_ref(chan_core* c) noexcept {
  if (c) c->refs.fetch_add(1, std::memory_order_relaxed);
}
inline void chan_unref(chan_core* c) noexcept {
  if (!c) return;
  // Read while this handle's reference still keeps c alive.
  bool watched = c->parked_on.load(std::memory_order_relaxed);
  if (c->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) chan_destroy(c);
  else if (watched) chan_dropped();
}
// c may be null (the nil channel): send and recv block forever, close is misuse.
// send moves from *elem; recv constructs *dst and returns true, or returns false
// (closed and drained) leaving dst raw.
VIGIL_API void chan_send(chan_core* c, void* elem);
VIGIL_API bool chan_recv(chan_core* c, void* dst);
VIGIL_API bool chan_try_send(chan_core* c, void* elem);  // false: would block (elem untouched)
VIGIL_API void chan_close(chan_core* c);
VIGIL_API std::size_t chan_len(const chan_core* c) noexcept;
VIGIL_API std::size_t chan_cap(const chan_core* c) noexcept;

// select: the header fills one select_case per case.
struct select_case {
  chan_core* c;   // null: never ready
  void* elem;     // send: the value (moved from if chosen); recv: raw storage
  bool is_send;
  bool ok;        // out, recv: true when *elem was constructed
};
// Returns the chosen case's index, or -1 when has_default and nothing was ready.
VIGIL_API int select_run(select_case* cases, int n, bool has_default);

// ---------------------------------------------------------------------------
// Time. Timers fire on vigil's timer thread; `fire` must not block.
struct timer;
using clock_ns = std::int64_t;  // steady_clock nanoseconds
VIGIL_API clock_ns now_ns() noexcept;
// fire(arg) runs at `when` (and every `period` ns after, if period > 0);
// release(arg) runs once the timer is freed (by timer_free, or after a
// one-shot timer fired when auto_free).
VIGIL_API timer* timer_start(clock_ns when, clock_ns period, void (*fire)(void* arg),
                             void (*release)(void* arg), void* arg, bool auto_free) noexcept;
// Stops (if still pending) and frees: fire is not called after this returns,
// unless it is running at this moment on the timer thread.
VIGIL_API void timer_free(timer* t) noexcept;
// Re-arms a stopped or pending timer; returns false if it had already fired (one-shot).
VIGIL_API void timer_reset(timer* t, clock_ns when, clock_ns period) noexcept;
VIGIL_API bool timer_stop(timer* t) noexcept;  // true: it was pending
VIGIL_API void sleep_ns(clock_ns d) noexcept;
// A timer that sends now_ns() as a steady_clock::time_point into a channel of
// capacity >= 1 whose element is that time_point, dropping the value if full.
VIGIL_API timer* timer_send_time(chan_core* c, clock_ns when, clock_ns period, bool auto_free) noexcept;

}  // namespace vigil::detail

#endif  // VIGIL_DETAIL_CORE_H
