// chan.h — Go's channels: vigil::chan<T>, send_chan<T>, recv_chan<T>, make_chan.
//
// Example:
//
//   vigil::chan<int> results = vigil::make_chan<int>();      // unbuffered
//   vigil::go([results] { results.send(42); results.close(); });
//   for (int v : results) std::printf("%d\n", v);            // until closed
//
//   vigil::chan<std::string> jobs = vigil::make_chan<std::string>(16);  // buffered
//   jobs.send("a");                  // does not block: the buffer has room
//   std::optional<std::string> j = jobs.recv();   // empty once closed and drained
//
// A chan<T> is a copyable handle to a shared channel (copies name the same
// channel; the channel lives until its last handle goes). A default-constructed
// handle is the nil channel. All members are const: capture handles by value.
// send_chan<T> (send, close, len, cap) and recv_chan<T> (recv, range-for, len,
// cap) are the directional views; both convert implicitly from chan<T>, never
// back (Go's chan<- T and <-chan T).
//
// T may be move-only. Its move constructor must not throw (values move
// between tasks inside vigil, where an exception has nowhere to go: a
// throwing move ends the program through std::terminate).
//
// Blocking: send blocks until a receiver takes the value (unbuffered) or the
// buffer has room; recv blocks until a value or the close arrives. On the nil
// channel both block forever. Blocking parks the task (or the calling thread).
//
// Misuse (fatal, exit 66): send on a closed channel (also a sender already
// blocked when the channel gets closed), close of a closed channel, close of the
// nil channel.
//
// Happens-before (Go memory model): a send happens before the completion of the
// receive that gets its value; on an unbuffered channel the receive happens
// before the completion of the matching send; with capacity C, the k-th receive
// happens before the completion of the (k+C)-th send; close happens before every
// receive that returns empty because of it. Two senders (or two receivers) are
// not ordered by the channel.

#ifndef VIGIL_CHAN_H
#define VIGIL_CHAN_H

#include <vigil/detail/core.h>

#include <cstddef>
#include <iterator>
#include <optional>
#include <type_traits>
#include <utility>

namespace vigil {

template <class T> class chan;
template <class T> class send_chan;
template <class T> class recv_chan;

namespace detail {

struct chan_access;

// The shared handle under chan, send_chan and recv_chan.
template <class T>
class chan_handle {
 public:
  chan_handle() noexcept = default;
  chan_handle(const chan_handle& o) noexcept : c_(o.c_) { chan_ref(c_); }
  chan_handle(chan_handle&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  chan_handle& operator=(chan_handle o) noexcept {
    std::swap(c_, o.c_);
    return *this;
  }
  ~chan_handle() { chan_unref(c_); }

  chan_core* core() const noexcept { return c_; }
  explicit chan_handle(chan_core* adopt) noexcept : c_(adopt) {}

  // len — values buffered now. cap — the buffer's capacity (0: unbuffered or nil).
  std::size_t len() const noexcept { return chan_len(c_); }
  std::size_t cap() const noexcept { return chan_cap(c_); }
  // is_nil — a default-constructed handle (Go's nil channel).
  bool is_nil() const noexcept { return c_ == nullptr; }
  explicit operator bool() const noexcept { return c_ != nullptr; }

 protected:
  void do_send(T v) const { chan_send(c_, &v); }
  std::optional<T> do_recv() const { return recv_from(c_); }

 public:
  static std::optional<T> recv_from(chan_core* c) {
    alignas(T) unsigned char raw[sizeof(T)];
    if (!chan_recv(c, raw)) return std::nullopt;
    T* p = std::launder(reinterpret_cast<T*>(raw));
    std::optional<T> out(std::move(*p));
    p->~T();
    return out;
  }

 protected:

  chan_core* c_ = nullptr;
};

// Range-for over a receiving handle: yields values until closed and drained.
template <class T>
class chan_iterator {
 public:
  using value_type = T;
  using difference_type = std::ptrdiff_t;
  chan_iterator() = default;
  explicit chan_iterator(chan_core* c) : c_(c) { ++*this; }
  // The received value, to be moved from: `for (T v : ch)` works for
  // move-only T (bind with `auto&&` or by value, not `auto&`).
  T&& operator*() { return std::move(*cur_); }
  chan_iterator& operator++() {
    cur_ = chan_handle<T>::recv_from(c_);
    return *this;
  }
  void operator++(int) { ++*this; }
  friend bool operator==(const chan_iterator& it, std::default_sentinel_t) {
    return !it.cur_.has_value();
  }

 private:
  chan_core* c_ = nullptr;  // kept alive by the handle the loop ranges over
  std::optional<T> cur_;
};

}  // namespace detail

// recv_chan<T> — the receiving end (Go's <-chan T).
template <class T>
class recv_chan : public detail::chan_handle<T> {
 public:
  recv_chan() noexcept = default;
  recv_chan(const chan<T>& c) noexcept : detail::chan_handle<T>(c) {}  // NOLINT: implicit by design
  recv_chan(chan<T>&& c) noexcept : detail::chan_handle<T>(std::move(c)) {}  // NOLINT

  // recv — the next value; empty once the channel is closed and drained.
  // Blocks while the channel is empty and open (forever on the nil channel).
  std::optional<T> recv() const { return this->do_recv(); }

  // Range-for: `for (T v : ch)` receives until the channel is closed and drained.
  detail::chan_iterator<T> begin() const { return detail::chan_iterator<T>(this->c_); }
  std::default_sentinel_t end() const noexcept { return {}; }

  friend bool operator==(const recv_chan& a, const recv_chan& b) noexcept {
    return a.c_ == b.c_;
  }
};

// send_chan<T> — the sending end (Go's chan<- T).
template <class T>
class send_chan : public detail::chan_handle<T> {
 public:
  send_chan() noexcept = default;
  send_chan(const chan<T>& c) noexcept : detail::chan_handle<T>(c) {}  // NOLINT: implicit by design
  send_chan(chan<T>&& c) noexcept : detail::chan_handle<T>(std::move(c)) {}  // NOLINT

  // send — delivers v. Blocks until a receiver takes it (unbuffered) or the
  // buffer has room. Misuse: the channel is or gets closed.
  void send(T v) const { this->do_send(std::move(v)); }
  // close — no more values will be sent; wakes every blocked receiver.
  // Misuse: closing twice, closing the nil channel; blocked senders then fail.
  void close() const { detail::chan_close(this->c_); }

  friend bool operator==(const send_chan& a, const send_chan& b) noexcept {
    return a.c_ == b.c_;
  }
};

// chan<T> — a bidirectional channel handle (Go's chan T); see the top of this file.
template <class T>
class chan : public detail::chan_handle<T> {
 public:
  static_assert(std::is_move_constructible_v<T>, "vigil::chan<T>: T must be move-constructible");
  using value_type = T;

  chan() noexcept = default;  // the nil channel

  void send(T v) const { this->do_send(std::move(v)); }
  std::optional<T> recv() const { return this->do_recv(); }
  void close() const { detail::chan_close(this->c_); }

  detail::chan_iterator<T> begin() const { return detail::chan_iterator<T>(this->c_); }
  std::default_sentinel_t end() const noexcept { return {}; }

  friend bool operator==(const chan& a, const chan& b) noexcept { return a.c_ == b.c_; }

 private:
  template <class U> friend chan<U> make_chan(std::size_t);
  friend struct detail::chan_access;
  explicit chan(detail::chan_core* adopt) noexcept : detail::chan_handle<T>(adopt) {}
};

namespace detail {
struct chan_access {
  // A handle that takes over one reference to c.
  template <class T>
  static chan<T> adopt(chan_core* c) noexcept { return chan<T>(c); }
};
}  // namespace detail

// make_chan — a new channel with room for `capacity` buffered values
// (0: unbuffered, every send waits for its receiver).
// (Always inlined: the channel records the caller's code as where it was made.)
template <class T>
[[gnu::always_inline]] inline chan<T> make_chan(std::size_t capacity = 0) {
  return chan<T>(detail::chan_make(&detail::elem_ops_for<T>::ops, capacity));
}

}  // namespace vigil

#endif  // VIGIL_CHAN_H
