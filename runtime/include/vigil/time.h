// time.h — Go's time package, the parts tasks need: after, sleep_for, ticker.
//
// Example:
//
//   vigil::select(
//       vigil::on_recv(replies, [](std::optional<reply> r) { use(*r); }),
//       vigil::on_recv(vigil::after(std::chrono::milliseconds(500)),
//                      [](auto) { std::puts("timed out"); }));
//
//   vigil::ticker t(std::chrono::seconds(1));
//   for (int i = 0; i < 3; ++i) t.c().recv();   // three ticks, a second apart
//
// Timers run on vigil's timer thread and never fire early (late by the
// scheduling latency at most). Durations are any std::chrono::duration; a
// negative or zero duration fires at once.
//
// Happens-before: a timer's firing happens before the receive that gets its value.

#ifndef VIGIL_TIME_H
#define VIGIL_TIME_H

#include <vigil/chan.h>
#include <vigil/detail/core.h>

#include <chrono>

namespace vigil {

namespace detail {
template <class Rep, class Period>
clock_ns to_ns(std::chrono::duration<Rep, Period> d) noexcept {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  return ns < 0 ? 0 : static_cast<clock_ns>(ns);
}
}  // namespace detail

// after — a channel that receives the current time once, d from now (Go's
// time.After). The timer is freed when it fires, whether or not anybody
// receives from the channel.
template <class Rep, class Period>
recv_chan<std::chrono::steady_clock::time_point> after(std::chrono::duration<Rep, Period> d) {
  chan<std::chrono::steady_clock::time_point> c =
      make_chan<std::chrono::steady_clock::time_point>(1);
  detail::timer_send_time(c.core(), detail::now_ns() + detail::to_ns(d), 0, /*auto_free=*/true);
  return c;
}

// sleep_for — parks the calling task (or blocks the calling thread) for at least d.
template <class Rep, class Period>
void sleep_for(std::chrono::duration<Rep, Period> d) noexcept {
  detail::sleep_ns(detail::to_ns(d));
}

// ticker — delivers the time on c() every period (Go's time.Ticker). Like Go,
// the channel has room for one tick: ticks nobody receives in time are dropped.
// stop() ends the ticks (the channel is not closed); reset(d) restarts with a
// new period; the destructor stops it.
class ticker {
 public:
  template <class Rep, class Period>
  explicit ticker(std::chrono::duration<Rep, Period> period)
      : c_(make_chan<std::chrono::steady_clock::time_point>(1)) {
    detail::clock_ns p = detail::to_ns(period);
    if (p <= 0) detail::misuse("non-positive interval for ticker");
    t_ = detail::timer_send_time(c_.core(), detail::now_ns() + p, p, /*auto_free=*/false);
  }
  ticker(const ticker&) = delete;
  ticker& operator=(const ticker&) = delete;
  ~ticker() { detail::timer_free(t_); }

  // c — the tick channel.
  recv_chan<std::chrono::steady_clock::time_point> c() const { return c_; }
  // stop — no more ticks after this returns (one already in the channel stays).
  void stop() noexcept { detail::timer_stop(t_); }
  // reset — ticks every d from now on.
  template <class Rep, class Period>
  void reset(std::chrono::duration<Rep, Period> d) noexcept {
    detail::clock_ns p = detail::to_ns(d);
    if (p <= 0) detail::misuse("non-positive interval for ticker.reset");
    detail::timer_reset(t_, detail::now_ns() + p, p);
  }

 private:
  chan<std::chrono::steady_clock::time_point> c_;
  detail::timer* t_ = nullptr;
};

}  // namespace vigil

#endif  // VIGIL_TIME_H
