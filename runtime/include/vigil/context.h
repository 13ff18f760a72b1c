// context.h — Go's context package and errgroup: cancellation, deadlines, task_group.
//
// Example:
//
//   auto [ctx, cancel] = vigil::with_timeout(vigil::background(), std::chrono::seconds(2));
//   for (int i = 0; i < 2; ++i)
//     vigil::go([ctx = ctx, i] {
//       for (;;) {
//         bool stop = false;
//         vigil::select(vigil::on_recv(ctx.done(), [&](auto) { stop = true; }),
//                       vigil::on_default([] { do_some_work(); }));
//         if (stop) { std::printf("worker %d: %s\n", i, ctx.err().message().c_str()); return; }
//       }
//     });
//
//   vigil::task_group g;                       // errgroup.Group
//   for (auto& url : urls)
//     g.go([&g, url]() -> std::error_code { return fetch(g.ctx(), url); });
//   if (std::error_code e = g.wait()) report(e);  // the first error
//
// A context is a copyable handle to a node in a cancellation tree.
// background() is the root: never cancelled, no deadline, done() is the nil
// channel. with_cancel / with_timeout / with_deadline derive a child that is
// cancelled when its cancel() is called, its deadline passes, or its parent is
// cancelled, whichever comes first; cancelling a context cancels its whole
// subtree. cancel() is idempotent and releases the child's timer; call it
// when done (the returned cancel_func does not cancel on destruction).
//
// Happens-before: cancel() (or the deadline's firing) happens before every
// receive on done() that observes it, and before err() returns non-empty.

#ifndef VIGIL_CONTEXT_H
#define VIGIL_CONTEXT_H

#include <vigil/chan.h>
#include <vigil/detail/core.h>
#include <vigil/sync.h>
#include <vigil/task.h>

#include <chrono>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

namespace vigil {

// Go's struct{}: the element type of done channels.
struct empty {
  friend bool operator==(empty, empty) noexcept { return true; }
};

// context_errc — why a context is done. context_category().name() is "vigil.context".
enum class context_errc { canceled = 1, deadline_exceeded = 2 };
VIGIL_API const std::error_category& context_category() noexcept;
inline std::error_code make_error_code(context_errc e) noexcept {
  return {static_cast<int>(e), context_category()};
}

}  // namespace vigil

template <>
struct std::is_error_code_enum<vigil::context_errc> : std::true_type {};

namespace vigil {

namespace detail {
struct ctx_state;
VIGIL_API ctx_state* ctx_new(ctx_state* parent, clock_ns deadline);  // deadline < 0: none
VIGIL_API void ctx_ref(ctx_state* s) noexcept;
VIGIL_API void ctx_unref(ctx_state* s) noexcept;
VIGIL_API void ctx_cancel(ctx_state* s, context_errc why) noexcept;
VIGIL_API chan_core* ctx_done(ctx_state* s) noexcept;  // borrowed; null for background
VIGIL_API int ctx_err(const ctx_state* s) noexcept;    // 0: not done
VIGIL_API clock_ns ctx_deadline(const ctx_state* s) noexcept;  // < 0: none

// A reference-counted pointer to a ctx_state.
class ctx_ptr {
 public:
  ctx_ptr() noexcept = default;
  explicit ctx_ptr(ctx_state* adopt) noexcept : s_(adopt) {}
  ctx_ptr(const ctx_ptr& o) noexcept : s_(o.s_) {
    if (s_) ctx_ref(s_);
  }
  ctx_ptr(ctx_ptr&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  ctx_ptr& operator=(ctx_ptr o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~ctx_ptr() {
    if (s_) ctx_unref(s_);
  }
  ctx_state* get() const noexcept { return s_; }

 private:
  ctx_state* s_ = nullptr;
};
}  // namespace detail

class context;
struct context_and_cancel;
namespace detail {
context_and_cancel make_child(const context& parent, clock_ns deadline);
}

// context — see the top of this file. The default-constructed context is background().
class context {
 public:
  context() noexcept = default;

  // done — a channel closed when this context is cancelled (nil for background()).
  recv_chan<empty> done() const {
    detail::chan_core* c = detail::ctx_done(s_.get());
    detail::chan_ref(c);
    return detail::chan_access::adopt<empty>(c);
  }
  // err — empty until done; then context_errc::canceled or deadline_exceeded.
  std::error_code err() const noexcept {
    int e = detail::ctx_err(s_.get());
    if (e == 0) return {};
    return make_error_code(static_cast<context_errc>(e));
  }
  // deadline — when this context will be cancelled by time, if ever.
  std::optional<std::chrono::steady_clock::time_point> deadline() const noexcept {
    detail::clock_ns d = detail::ctx_deadline(s_.get());
    if (d < 0) return std::nullopt;
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(d));
  }

  friend bool operator==(const context& a, const context& b) noexcept {
    return a.s_.get() == b.s_.get();
  }

 private:
  friend context_and_cancel detail::make_child(const context&, detail::clock_ns);
  explicit context(detail::ctx_ptr s) noexcept : s_(std::move(s)) {}
  detail::ctx_ptr s_;
};

// background — the root context: never cancelled, no deadline.
inline context background() noexcept { return context(); }

// cancel_func — cancels its context (and the context's subtree). Idempotent;
// copies cancel the same context.
struct cancel_func {
  void operator()() const noexcept {
    if (s_.get()) detail::ctx_cancel(s_.get(), context_errc::canceled);
  }
  detail::ctx_ptr s_;
};

// What with_cancel and friends return: `auto [ctx, cancel] = with_cancel(parent);`
struct context_and_cancel {
  context ctx;
  cancel_func cancel;
};

inline context_and_cancel detail::make_child(const context& parent, clock_ns deadline) {
  ctx_ptr s(ctx_new(parent.s_.get(), deadline));
  return {context(s), cancel_func{s}};
}

// with_cancel — a child of parent, cancelled by cancel() or with its parent.
inline context_and_cancel with_cancel(const context& parent) { return detail::make_child(parent, -1); }

// with_deadline — a child cancelled at `when` (err: deadline_exceeded) at the latest.
inline context_and_cancel with_deadline(const context& parent,
                                        std::chrono::steady_clock::time_point when) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
  return detail::make_child(parent, ns < 0 ? 0 : static_cast<detail::clock_ns>(ns));
}

// with_timeout — with_deadline(parent, now + d).
template <class Rep, class Period>
context_and_cancel with_timeout(const context& parent, std::chrono::duration<Rep, Period> d) {
  return with_deadline(parent, std::chrono::steady_clock::now() +
                                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(d));
}

// task_group — runs tasks and collects the first error (Go's errgroup.Group).
// go(f) starts f as a task; f returns std::error_code (empty: success) and may
// take the group's context as its argument. wait() blocks until every task
// started by go() has returned, then returns the first non-empty error. ctx()
// is cancelled on the first error or when wait() returns (and by the parent).
// Call go() before wait() returns (or from the group's own tasks); a
// task_group must outlive its tasks (wait() before it goes away).
//
// Happens-before: each task's return happens before wait() returns.
class task_group {
 public:
  task_group() : task_group(background()) {}
  explicit task_group(const context& parent) : cc_(with_cancel(parent)) {}
  task_group(const task_group&) = delete;
  task_group& operator=(const task_group&) = delete;
  ~task_group() { cc_.cancel(); }

  const context& ctx() const noexcept { return cc_.ctx; }

  // Always inlined: vigil::go then records the caller's line as the task's
  // creation site (this function has no frame of its own in reports).
  template <class F>
  __attribute__((always_inline)) void go(F&& f) {
    wg_.add(1);
    vigil::go([this](std::decay_t<F> fn) {
      std::error_code e;
      if constexpr (std::is_invocable_v<std::decay_t<F>&, const context&>)
        e = std::invoke(fn, cc_.ctx);
      else
        e = std::invoke(fn);
      if (e) {
        mu_.lock();
        if (!err_) {
          err_ = e;
          cc_.cancel();
        }
        mu_.unlock();
      }
      wg_.done();
    }, std::forward<F>(f));
  }

  std::error_code wait() {
    wg_.wait();
    cc_.cancel();
    mu_.lock();
    std::error_code e = err_;
    mu_.unlock();
    return e;
  }

 private:
  wait_group wg_;
  context_and_cancel cc_;
  mutex mu_;
  std::error_code err_;  // guarded by mu_
};

}  // namespace vigil

#endif  // VIGIL_CONTEXT_H
