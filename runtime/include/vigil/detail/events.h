// events.h — the happens-before events of vigil's library, for the detector.
//
// Owned by neither side. The library (libvigil.so) emits the events and never
// calls the detector; the detector (libvigil_detect.so), when it is loaded,
// subscribes at start-up by handing its table of callbacks to
// __vigil_library_attach(), found by name (the library references no
// detector symbol). Until then every event is one predictable branch on a
// pointer that stays null: a --no-detect program pays nothing else.
//
// The events are the Go memory model's edges and a task's life:
//  - task_spawn: go() hands a task, its closure built, to the scheduler; the
//    detector creates the task's state (everything the spawner did so far
//    happens before the task starts) and the library keeps it in the task;
//    the task will run on the stack [lo, lo+size), whose top holds the
//    closure; `id` is the task's number (reports name it "task <id>");
//  - task_switch: the worker thread runs the task with that state next (null:
//    the worker's own code again). Switching, migrating between workers and
//    stealing carry no edge;
//  - task_wait: the task parks on the operation `what` ("chan receive", ...)
//    or, with null, runs again (reports say what a task was blocked in);
//  - task_end: the task's code has finished; its stack (given at spawn) will
//    be reused by another task and is forgotten;
//  - release / acquire on an object's address carry an edge from every
//    release to every later acquire of the same address (a mutex, a
//    wait_group, a closed channel, a timer's reset, ...);
//  - forget: memory the library is about to free held user values (a
//    channel's buffer); its accesses are forgotten, not checked against the
//    free;
//  - timer_start / timer_end: a timer whose firing hands a value or a
//    cancellation to the program (after(), tickers, context deadlines) is
//    armed / freed. Arming happens before its firings; each firing runs as
//    the timer (task_switch to its state on the timer thread), so it carries
//    what its own arming, resets (release on the timer) and earlier firings
//    carried, never what other timers or the timer thread saw;
//  - quiet(what, true) ... quiet(what, false): for the calling task (or
//    thread) in between, acquire/release events are not edges (kQuietEdges)
//    and/or its memory accesses are not checked (kQuietAccesses): a lock
//    and a structure the library keeps for its own bookkeeping (sync_map's
//    shards and hash tables; its edges go through each value instead);
//  - locked / unlocking: a vigil mutex (mutex, rw_mutex, a once's) was just
//    acquired / is about to be released by the calling task or thread —
//    the acquire / release edge on its address, as acquire / release (a
//    shared unlock releases nothing here: rw_mutex announces its readers'
//    release on its own address), and the detector's lock-order graph:
//    flags kLockShared (a read lock), kLockTry (made by a try-lock, which
//    cannot block: no order edge). `pc` is where the program acquired it;
//    null: the hook's return address (the inline lock() in the program's
//    code);
//  - thread_leaks: not an event but a question, from vigil::check_leaks
//    with a mark: the threads created since the mark and never joined nor
//    detached are reported (the detector tracks threads); returns how many;
//  - creation_stack: another question, from the library's reports (leaked
//    tasks, deadlocks, dumps): the whole stack where the task with detector
//    state `state` was created (the library keeps one frame); asked only
//    while that task cannot end (parked, runnable, or the asker itself);
//  - clock_*: the same edges through a clock cell the library keeps inside
//    its own object for the detector (a parked channel waiter's hand-off, a
//    buffered channel's slots), found without a lookup and changed without
//    a lock: the library serializes every event on one cell itself (the
//    channel's lock, or park -> unpark -> resume), starts it zeroed, and
//    drops it (clock_drop) before its memory goes. clock_release_store
//    replaces what the cell carried (a parked waiter's hand-off: only the
//    exchange it is parked for is an edge): it is made by a party about to
//    park, which acquires the cell itself when it resumes (the detector may
//    use the parked party's clock in place until then); clock_exchange is an acquire
//    followed by a release (a value moved through a slot by code the
//    detector does not see); clock_transfer makes one cell carry exactly
//    what another carries (a parked waiter's clock moved into a slot);
//  - access: an operation the Go memory model treats as a plain access of
//    the object, checked like the program's own at the caller's `pc` (a
//    wait_group's add that raises the counter from zero reads its
//    semaphore, the first waiter writes it: an add not ordered before a
//    concurrent wait is a data race on the wait_group, as in Go).
// The library's own locks, futexes and atomics are never announced: nothing
// but these events creates an edge.
#ifndef VIGIL_DETAIL_EVENTS_H
#define VIGIL_DETAIL_EVENTS_H

#include <atomic>
#include <cstddef>

extern "C" {

// Room for the detector's clock in a library object (see clock_* above).
struct vigil_clock_cell {
  void* opaque[4];
};

struct vigil_event_hooks {
  unsigned version;  // vigil::detail::kEventHooksVersion
  void* (*task_spawn)(const void* task, std::uint64_t id, const void* creator_pc, void* stack_lo,
                      std::size_t stack_size);
  void (*task_switch)(void* state);
  void (*task_wait)(void* state, const char* what);
  void (*task_end)(void* state);
  void (*acquire)(const void* object);
  void (*release)(const void* object);
  void (*forget)(void* memory, std::size_t size);
  void (*access)(const void* object, std::size_t size, bool write, const void* pc);
  void* (*timer_start)(const void* timer, const void* creator_pc);
  void (*timer_end)(void* state);
  void (*quiet)(unsigned what, bool on);
  void (*locked)(const void* object, unsigned flags, const void* pc);
  void (*unlocking)(const void* object, unsigned flags);
  std::size_t (*thread_leaks)(std::uint64_t since);
  std::size_t (*creation_stack)(void* state, std::uintptr_t* pcs, std::size_t max);
  void (*clock_acquire)(vigil_clock_cell* cell);
  void (*clock_release)(vigil_clock_cell* cell);
  void (*clock_release_store)(vigil_clock_cell* cell);
  void (*clock_exchange)(vigil_clock_cell* cell);
  void (*clock_transfer)(vigil_clock_cell* from, vigil_clock_cell* to);
  void (*clock_drop)(vigil_clock_cell* cell);
};

// Called by the detector; returns false if the version does not match.
__attribute__((visibility("default"))) bool __vigil_library_attach(const vigil_event_hooks* hooks);
}

namespace vigil::detail {

constexpr unsigned kEventHooksVersion = 8;
// Set once by __vigil_library_attach (release), read on every event (relaxed:
// the table it points to was written before it was published, and the
// detector attaches before any task exists).
__attribute__((visibility("default"))) extern std::atomic<const vigil_event_hooks*> g_event_hooks;

inline const vigil_event_hooks* event_hooks() noexcept {
  return g_event_hooks.load(std::memory_order_relaxed);
}
// The inline fast paths of the public types (mutex, once) announce their edges
// through these.
[[gnu::always_inline]] inline void event_acquire(const void* object) noexcept {
  if (const vigil_event_hooks* h = event_hooks(); __builtin_expect(h != nullptr, 0)) h->acquire(object);
}
[[gnu::always_inline]] inline void event_release(const void* object) noexcept {
  if (const vigil_event_hooks* h = event_hooks(); __builtin_expect(h != nullptr, 0)) h->release(object);
}

constexpr unsigned kLockShared = 1;
constexpr unsigned kLockTry = 2;
[[gnu::always_inline]] inline void event_locked(const void* object, unsigned flags,
                                                const void* pc = nullptr) noexcept {
  if (const vigil_event_hooks* h = event_hooks(); __builtin_expect(h != nullptr, 0)) h->locked(object, flags, pc);
}
[[gnu::always_inline]] inline void event_unlocking(const void* object, unsigned flags) noexcept {
  if (const vigil_event_hooks* h = event_hooks(); __builtin_expect(h != nullptr, 0)) h->unlocking(object, flags);
}
constexpr unsigned kQuietEdges = 1;
constexpr unsigned kQuietAccesses = 2;
inline void event_quiet(unsigned what, bool on) noexcept {
  if (const vigil_event_hooks* h = event_hooks(); __builtin_expect(h != nullptr, 0)) h->quiet(what, on);
}

}  // namespace vigil::detail

// VIGIL_EVENT(release, obj): calls the hook if a detector is attached.
#define VIGIL_EVENT(name, ...)                                              \
  do {                                                                      \
    if (const vigil_event_hooks* vigil_h_ = ::vigil::detail::event_hooks(); \
        __builtin_expect(vigil_h_ != nullptr, 0))                           \
      vigil_h_->name(__VA_ARGS__);                                          \
  } while (0)

#endif  // VIGIL_DETAIL_EVENTS_H
