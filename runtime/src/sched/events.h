// events.h — the library's happens-before events, for the detector.
//
// The library never calls the detector; the detector, when it is linked
// (libvigil_detect.so), registers a table of callbacks at start-up through
// __vigil_library_attach(). Until then every event is one predictable branch
// on a global that stays null: a --no-detect program references no detector
// symbol and pays nothing else.
//
// Events (DESIGN.md §1): a task is created, starts, ends, and the worker
// switches to/from it; a task or thread blocks on / is unblocked from an
// object; release/acquire on a synchronization object (the channel buffer
// slot, a mutex, a wait_group, ...) carry the happens-before edges of the Go
// memory model; copy_value is a user value moved into or out of a channel
// (the user's read of src and write of dst).

#ifndef VIGIL_SCHED_EVENTS_H
#define VIGIL_SCHED_EVENTS_H

#include <atomic>
#include <cstddef>

extern "C" {

struct vigil_event_hooks {
  unsigned version;  // kEventHooksVersion
  void (*task_create)(const void* child, const void* creator_pc);
  void (*task_start)(const void* task);
  void (*task_end)(const void* task);
  void (*task_switch)(const void* to);  // null: back to the worker's own code
  void (*block)(const void* object, int reason);
  void (*unblock)(const void* task_or_thread_waiter);
  void (*acquire)(const void* object);
  void (*release)(const void* object);
  void (*copy_value)(void* dst, const void* src, std::size_t size);
};

// Called by the detector; returns false if the version does not match.
__attribute__((visibility("default"))) bool __vigil_library_attach(const vigil_event_hooks* hooks);
}

namespace vigil::detail {

constexpr unsigned kEventHooksVersion = 1;
extern std::atomic<const vigil_event_hooks*> g_event_hooks;

inline const vigil_event_hooks* event_hooks() noexcept {
  return g_event_hooks.load(std::memory_order_relaxed);
}

}  // namespace vigil::detail

// VIGIL_EVENT(release, obj) — calls the hook if a detector is attached.
#define VIGIL_EVENT(name, ...)                                                 \
  do {                                                                         \
    if (const vigil_event_hooks* vigil_h_ = ::vigil::detail::event_hooks();    \
        __builtin_expect(vigil_h_ != nullptr, 0) && vigil_h_->name)            \
      vigil_h_->name(__VA_ARGS__);                                             \
  } while (0)

#endif  // VIGIL_SCHED_EVENTS_H
