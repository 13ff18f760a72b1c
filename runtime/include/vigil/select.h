// select.h — Go's select statement: vigil::select with on_recv, on_send, on_default.
//
// Example:
//
//   vigil::select(
//       vigil::on_recv(results, [](std::optional<int> v) {
//         if (v) std::printf("got %d\n", *v); else std::printf("closed\n");
//       }),
//       vigil::on_send(requests, req, [] { std::printf("sent\n"); }),
//       vigil::on_recv(vigil::after(std::chrono::seconds(1)),
//                      [](auto) { std::printf("timeout\n"); }));
//
//   vigil::select(vigil::on_recv(c, [](std::optional<int>) {}),
//                 vigil::on_default([] { std::printf("nothing ready\n"); }));
//
// Semantics (as Go): if one or more cases can proceed, one of them is chosen
// uniformly at random and completed; otherwise, with on_default, the default
// runs at once; otherwise select parks until a case can proceed. A case on the
// nil channel is never ready. The chosen case's callback runs on the selecting
// task after the case completed: on_recv's fn gets std::optional<T> (empty:
// the channel is closed and drained), on_send's and on_default's fn get no
// argument. A select with no cases blocks forever. At most one on_default.
//
// Misuse (fatal, exit 66): a chosen send case on a closed channel.
//
// Happens-before: as the equivalent send or receive (chan.h).

#ifndef VIGIL_SELECT_H
#define VIGIL_SELECT_H

#include <vigil/chan.h>
#include <vigil/detail/core.h>

#include <functional>
#include <new>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace vigil {

namespace detail {

template <class T, class F>
struct recv_case {
  chan_core* c;
  F fn;
  alignas(T) unsigned char raw[sizeof(T)];
};
template <class T, class F>
struct send_case {
  chan_core* c;
  T value;
  F fn;
};
template <class F>
struct default_case {
  F fn;
};

template <class C> struct is_default_case : std::false_type {};
template <class F> struct is_default_case<default_case<F>> : std::true_type {};

template <class T, class F>
void fill(select_case& out, recv_case<T, F>& rc) {
  out = select_case{rc.c, rc.raw, false, false};
}
template <class T, class F>
void fill(select_case& out, send_case<T, F>& sc) {
  out = select_case{sc.c, &sc.value, true, false};
}
template <class F>
void fill(select_case& out, default_case<F>&) {
  out = select_case{nullptr, nullptr, false, false};
}

template <class T, class F>
void finish(const select_case& sel, recv_case<T, F>& rc) {
  if (!sel.ok) {
    std::invoke(rc.fn, std::optional<T>());
    return;
  }
  T* p = std::launder(reinterpret_cast<T*>(rc.raw));
  std::optional<T> v(std::move(*p));
  p->~T();
  std::invoke(rc.fn, std::move(v));
}
template <class T, class F>
void finish(const select_case&, send_case<T, F>& sc) {
  std::invoke(sc.fn);
}
template <class F>
void finish(const select_case&, default_case<F>& dc) {
  std::invoke(dc.fn);
}

}  // namespace detail

// on_recv — a receive case: fn(std::optional<T>) runs if it is chosen.
template <class T, class F>
detail::recv_case<T, std::decay_t<F>> on_recv(const recv_chan<T>& ch, F&& fn) {
  static_assert(std::is_invocable_v<std::decay_t<F>&, std::optional<T>>,
                "vigil::on_recv: fn must be callable with std::optional<T>");
  return {ch.core(), std::forward<F>(fn), {}};
}
// (The chan<T> overloads take the core directly: converting to recv_chan or
// send_chan first would copy the handle, two atomic reference-count changes
// per case per select. A case keeps no reference: it lives within the
// select's full expression, as the handle it was made from.)
template <class T, class F>
detail::recv_case<T, std::decay_t<F>> on_recv(const chan<T>& ch, F&& fn) {
  static_assert(std::is_invocable_v<std::decay_t<F>&, std::optional<T>>,
                "vigil::on_recv: fn must be callable with std::optional<T>");
  return {ch.core(), std::forward<F>(fn), {}};
}

// on_send — a send case: sends `value` (moved in now, sent only if chosen;
// destroyed unsent otherwise), then fn() runs.
template <class T, class U, class F>
detail::send_case<T, std::decay_t<F>> on_send(const send_chan<T>& ch, U&& value, F&& fn) {
  static_assert(std::is_invocable_v<std::decay_t<F>&>, "vigil::on_send: fn must take no argument");
  return {ch.core(), T(std::forward<U>(value)), std::forward<F>(fn)};
}
template <class T, class U, class F>
detail::send_case<T, std::decay_t<F>> on_send(const chan<T>& ch, U&& value, F&& fn) {
  static_assert(std::is_invocable_v<std::decay_t<F>&>, "vigil::on_send: fn must take no argument");
  return {ch.core(), T(std::forward<U>(value)), std::forward<F>(fn)};
}

// on_default — runs fn() when no other case is ready.
template <class F>
detail::default_case<std::decay_t<F>> on_default(F&& fn) {
  static_assert(std::is_invocable_v<std::decay_t<F>&>, "vigil::on_default: fn must take no argument");
  return {std::forward<F>(fn)};
}

// select — see the top of this file. Cases are passed by value (temporaries).
template <class... Cases>
void select(Cases&&... cases) {
  constexpr int n = sizeof...(Cases);
  constexpr int defaults = (0 + ... + int(detail::is_default_case<std::decay_t<Cases>>::value));
  static_assert(defaults <= 1, "vigil::select: at most one on_default");
  auto held = std::forward_as_tuple(cases...);
  if constexpr (n == 0) {
    detail::select_run(nullptr, 0, false);
  } else {
    detail::select_case sel[n];
    constexpr bool is_default[n] = {detail::is_default_case<std::decay_t<Cases>>::value...};
    std::apply([&](auto&... c) {
      int i = 0;
      (detail::fill(sel[i++], c), ...);
    }, held);
    // The core sees only channel cases; the default is a flag.
    detail::select_case chans[n];
    int index_of[n];
    int m = 0;
    for (int i = 0; i < n; ++i)
      if (!is_default[i]) {
        index_of[m] = i;
        chans[m++] = sel[i];
      }
    int chosen = detail::select_run(chans, m, defaults != 0);
    int which = -1;
    if (chosen < 0) {
      for (int i = 0; i < n; ++i)
        if (is_default[i]) which = i;
    } else {
      which = index_of[chosen];
      sel[which] = chans[chosen];
    }
    std::apply([&](auto&... c) {
      int i = 0;
      ((i++ == which ? detail::finish(sel[which], c) : void()), ...);
    }, held);
  }
}

}  // namespace vigil

#endif  // VIGIL_SELECT_H
