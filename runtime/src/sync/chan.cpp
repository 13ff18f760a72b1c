// chan.cpp — channels and select, as Go's runtime (chan.go, select.go).
//
// A channel is a lock, a ring buffer of `cap` elements and two queues of
// waiting parties (chan_waiter, one per blocked send/recv, living on the
// waiter's stack). Elements move through the type-erased elem_ops: the core
// never knows T.
//
// Invariants (all fields guarded by c->lock unless noted):
//   * At most one of sendq and recvq holds a waiter not yet claimed by a
//     select ... except transiently: a waiter of a select that already fired
//     on another channel may linger in a queue until its owner removes it;
//     dequeue() skips those (its CAS on select_state::fired fails).
//   * count == number of constructed elements in buf[recvx .. recvx+count).
//   * If sendq is non-empty (unclaimed), the buffer is full; if recvq is
//     non-empty, the buffer is empty.
//   * closed never goes back to false.
//   * count is also read without the lock by len() (relaxed atomic).
//
// Happens-before events (Go memory model, as Go's race runtime announces
// them): a buffer slot's clock is acquired and released by every send and
// receive that uses it (the k-th receive -> the (k+C)-th send, send -> its
// receive); a party that parks stores its clock in its chan_waiter first and
// acquires it when woken; the party completing the exchange acquires and
// releases that clock; close releases on the channel, and a receive that
// observes the close acquires it. Slot and waiter clocks are cells in the
// library's own objects (events.h, clock_*): the detector neither looks
// them up nor locks them, the channel's lock and the park serialize them.
//
// A sender handing a value to a parked receiver writes straight into the
// receiver's storage (and vice versa), then unparks it after unlocking: the
// woken party reads what was written under the lock; unpark -> resume gives
// the ordering.
//
// Select locks every channel involved in address order (no deadlock between
// two selects), polls the cases in a random order (uniform choice among the
// ready ones), and otherwise enqueues one chan_waiter per case, all sharing a
// select_state whose `fired` CAS decides which channel wins.

#include <vigil/detail/events.h>
#include "sched/sched.h"

#include <cstdlib>
#include <cstring>
#include <chrono>
#include <new>

namespace vigil::detail {
namespace {

struct select_state {
  std::atomic<int> fired{-1};  // the case index that completed, -1 while none
};

struct chan_waiter {
  waiter* w = nullptr;
  void* elem = nullptr;       // send: the value; recv: raw storage for it
  chan_waiter* next = nullptr;
  chan_waiter* prev = nullptr;
  select_state* sel = nullptr;  // null: a plain send/recv
  int case_index = 0;
  bool success = false;       // true: the communication happened; false: woken by close
  bool queued = false;
  // The detector's hand-off clock (events.h): the parked party's clock at the
  // park, then the completer's. Dropped by the parked party once it resumed.
  vigil_clock_cell hb{};
};

struct waitq {
  chan_waiter* head = nullptr;
  chan_waiter* tail = nullptr;

  void push(chan_waiter* cw) {
    cw->next = nullptr;
    cw->prev = tail;
    if (tail)
      tail->next = cw;
    else
      head = cw;
    tail = cw;
    cw->queued = true;
  }
  void remove(chan_waiter* cw) {
    if (cw->prev)
      cw->prev->next = cw->next;
    else
      head = cw->next;
    if (cw->next)
      cw->next->prev = cw->prev;
    else
      tail = cw->prev;
    cw->next = cw->prev = nullptr;
    cw->queued = false;
  }
  // The first waiter that can still complete (claims a select's case).
  chan_waiter* dequeue() {
    while (chan_waiter* cw = head) {
      remove(cw);
      if (!cw->sel) return cw;
      int none = -1;
      if (cw->sel->fired.compare_exchange_strong(none, cw->case_index, std::memory_order_acq_rel)) return cw;
    }
    return nullptr;
  }
};

struct chan_impl : chan_core {
  raw_lock lock;
  const elem_ops* ops = nullptr;
  std::size_t cap = 0;
  std::atomic<std::size_t> count{0};
  std::size_t sendx = 0;
  std::size_t recvx = 0;
  bool closed = false;
  waitq recvq;
  waitq sendq;
  unsigned char* buf = nullptr;
  const void* made_at = nullptr;  // the return address into make_chan's caller
  // The first close, for a later misuse's report: its call site and who
  // made it (set under the lock, with closed). One frame: unwinding the
  // whole stack would cost microseconds on every close.
  const void* closed_at = nullptr;
  std::uint64_t closer_task = 0;  // 0: a thread
  int closer_tid = 0;
  // Under detection, the detector's clock of each buffer slot (events.h), in
  // the channel rather than looked up by the slot's address (every slot
  // event happens under `lock`); null until the first slot event under
  // detection.
  vigil_clock_cell* slot_clocks = nullptr;

  void* slot(std::size_t i) const { return buf + i * ops->size; }
  std::size_t n() const { return count.load(std::memory_order_relaxed); }
  void set_n(std::size_t v) { count.store(v, std::memory_order_relaxed); }
};

chan_impl* impl(chan_core* c) { return static_cast<chan_impl*>(c); }

// A misuse of a closed channel: the report also shows where it was closed.
// (closed_at was set under the lock with closed, which the caller saw.)
[[noreturn]] void closed_misuse(chan_impl* c, const char* kind) {
  if (c->closed_at) {
    earlier_op by;
    by.task_id = c->closer_task;
    by.tid = c->closer_tid;
    by.pcs[0] = reinterpret_cast<std::uintptr_t>(c->closed_at);
    by.n = 1;
    misuse_after(kind, "Closed", &by);
  }
  misuse(kind);
}

// Moves a user value. A trivial one is copied by the library itself, never
// through memcpy: under detection memcpy is the detector's, which would check
// the copy as an access of whoever runs it (a sender filling a parked
// receiver's variable), while the Go model makes it part of the operation.
void move_elem(chan_impl* c, void* dst, void* src) {
  if (c->ops->trivial) {
    switch (c->ops->size) {  // the common sizes without a loop
      case 4: __builtin_memcpy(dst, src, 4); return;
      case 8: __builtin_memcpy(dst, src, 8); return;
      case 16: __builtin_memcpy(dst, src, 16); return;
      default: {
        std::size_t n = c->ops->size;
        asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
        return;
      }
    }
  }
  c->ops->move_construct(dst, src);
}

void destroy_elem(chan_impl* c, void* p) {
  if (!c->ops->trivial) c->ops->destroy(p);
}

// Happens-before of the Go memory model, for the detector: a send happens
// before the corresponding receive completes; on an unbuffered channel the
// receive also happens before the send completes; on a channel of capacity
// C the k-th receive happens before the (k+C)-th send completes.
//  - Buffer slot i (the k-th operations of either kind with k mod C == i)
//    carries the k-th send to the k-th receive, and the k-th receive to the
//    (k+C)-th send (slot_begin / slot_end bracket the value's move, whose
//    accesses - a non-trivial type's constructor and destructor - belong to
//    the operation).
//  - A parked party's waiter carries its clock at the park (a store) to
//    the party that completes it (partner_begin: only on an unbuffered
//    channel), and the completer's clock back (partner_end, acquired on wake).
//  - On a buffered channel a parked party's clock that belongs to a slot
//    (the receiver handed a value directly, a sender whose value is moved
//    into the buffer) is moved there whole (slot_takes).
//  - A trivial value's move is the library's own copy, which the detector
//    does not see: slot_begin and slot_end then become one slot_pass, and
//    partner_begin and partner_end one partner_pass.
// Each slot's clock lives in c->slot_clocks, made at the first slot event
// under detection (c->lock held, as for every slot event).
vigil_clock_cell* slot_clock(chan_impl* c, std::size_t i) {
  if (__builtin_expect(c->slot_clocks == nullptr, 0)) {
    c->slot_clocks = static_cast<vigil_clock_cell*>(std::calloc(c->cap, sizeof(vigil_clock_cell)));
    if (!c->slot_clocks) fatal("out of memory for a channel's detector clocks");
  }
  return &c->slot_clocks[i];
}
void slot_begin(chan_impl* c, std::size_t i) { VIGIL_EVENT(clock_acquire, slot_clock(c, i)); }
void slot_end(chan_impl* c, std::size_t i) { VIGIL_EVENT(clock_release, slot_clock(c, i)); }
void slot_pass(chan_impl* c, std::size_t i) { VIGIL_EVENT(clock_exchange, slot_clock(c, i)); }
// The slot carries the parked party's hand-off clock from now on.
void slot_takes(chan_impl* c, std::size_t i, chan_waiter* cw) {
  VIGIL_EVENT(clock_transfer, &cw->hb, slot_clock(c, i));
}
void partner_begin(chan_waiter* cw) { VIGIL_EVENT(clock_acquire, &cw->hb); }
void partner_end(chan_waiter* cw) { VIGIL_EVENT(clock_release, &cw->hb); }
void partner_pass(chan_waiter* cw) { VIGIL_EVENT(clock_exchange, &cw->hb); }

// Buffer operations (c->lock held).
void buf_push(chan_impl* c, void* elem) {
  if (c->ops->trivial) {
    slot_pass(c, c->sendx);
    move_elem(c, c->slot(c->sendx), elem);
  } else {
    slot_begin(c, c->sendx);
    move_elem(c, c->slot(c->sendx), elem);
    slot_end(c, c->sendx);
  }
  if (++c->sendx == c->cap) c->sendx = 0;
  c->set_n(c->n() + 1);
}
void buf_pop(chan_impl* c, void* dst) {
  void* s = c->slot(c->recvx);
  if (c->ops->trivial) {
    slot_pass(c, c->recvx);
    move_elem(c, dst, s);
  } else {
    slot_begin(c, c->recvx);
    move_elem(c, dst, s);
    destroy_elem(c, s);
    slot_end(c, c->recvx);
  }
  if (++c->recvx == c->cap) c->recvx = 0;
  c->set_n(c->n() - 1);
}

// recv from a channel with a parked sender sw (c->lock held): unbuffered,
// take the sender's value; buffered (then full), take the head and append the
// sender's value.
void recv_from_sender(chan_impl* c, chan_waiter* sw, void* dst) {
  if (c->cap == 0) {
    if (c->ops->trivial) {
      partner_pass(sw);
      move_elem(c, dst, sw->elem);
    } else {
      partner_begin(sw);
      move_elem(c, dst, sw->elem);
      partner_end(sw);
    }
  } else {
    // This is the k-th receive and the parked sender the (k+C)-th send: the
    // receive takes the head, then the sender's value takes its slot, and
    // with it the sender's clock (for the receive that will take it).
    slot_begin(c, c->recvx);
    void* s = c->slot(c->recvx);
    move_elem(c, dst, s);
    destroy_elem(c, s);
    move_elem(c, s, sw->elem);
    slot_takes(c, c->recvx, sw);
    // A non-trivial value was just built in the slot by this receiver: its
    // constructor's accesses happen before the value's receive too.
    if (!c->ops->trivial) slot_end(c, c->recvx);
    if (++c->recvx == c->cap) c->recvx = 0;
    c->sendx = c->recvx;
    partner_end(sw);
  }
  sw->success = true;
}

}  // namespace

chan_core* chan_make(const elem_ops* ops, std::size_t capacity) {
  if (capacity > (std::size_t(1) << 40) / (ops->size ? ops->size : 1)) misuse("make_chan: capacity out of range");
  void* mem = std::malloc(sizeof(chan_impl));
  if (!mem) fatal("out of memory for a channel");
  auto* c = ::new (mem) chan_impl();
  c->ops = ops;
  c->cap = capacity;
  c->made_at = __builtin_return_address(0);
  if (capacity) {
    std::size_t align = ops->align < 16 ? 16 : ops->align;
    std::size_t bytes = (capacity * ops->size + align - 1) / align * align;
    c->buf = static_cast<unsigned char*>(std::aligned_alloc(align, bytes ? bytes : align));
    if (!c->buf) fatal("out of memory for a channel's buffer");
  }
  return c;
}

void chan_destroy(chan_core* cc) noexcept {
  chan_impl* c = impl(cc);
  // Values moved through the buffer were touched by senders and receivers
  // whose last accesses nothing orders before this destruction (the handle's
  // reference count is the library's own): the detector forgets them.
  if (c->buf) VIGIL_EVENT(forget, c->buf, c->cap * c->ops->size);
  if (c->slot_clocks) {  // made under detection only
    for (std::size_t i = 0; i < c->cap; ++i) event_hooks()->clock_drop(&c->slot_clocks[i]);
    std::free(c->slot_clocks);
  }
  for (std::size_t i = 0, x = c->recvx; i < c->n(); ++i) {
    c->ops->destroy(c->slot(x));
    if (++x == c->cap) x = 0;
  }
  std::free(c->buf);
  c->~chan_impl();
  std::free(c);
}

std::size_t chan_len(const chan_core* c) noexcept {
  return c ? static_cast<const chan_impl*>(c)->count.load(std::memory_order_relaxed) : 0;
}
std::size_t chan_cap(const chan_core* c) noexcept { return c ? static_cast<const chan_impl*>(c)->cap : 0; }

namespace {

enum case_result { kNotReady, kDone, kSendOnClosed };

// The non-blocking halves of send and receive, shared by chan_send,
// chan_try_send, chan_recv and select. c->lock is held and stays held; a
// parked partner to wake once it is released is returned in *wake.
case_result send_ready(chan_impl* c, void* elem, waiter** wake) {
  if (c->closed) return kSendOnClosed;
  if (chan_waiter* rw = c->recvq.dequeue()) {
    if (c->cap == 0) {
      if (c->ops->trivial) {
        partner_pass(rw);
        move_elem(c, rw->elem, elem);
      } else {
        partner_begin(rw);
        move_elem(c, rw->elem, elem);
        partner_end(rw);
      }
    } else {
      // A non-trivial value is move-constructed by this sender into the
      // receiver's variable, which the receiver used before it parked: the
      // constructor's accesses need the receiver's clock. (An edge the Go
      // model does not have, for such types only: see docs/library.md.)
      if (!c->ops->trivial) partner_begin(rw);
      // The buffer is empty: the value goes straight to the k-th receiver,
      // as if through slot sendx (== recvx): this send takes the clock of
      // the (k-C)-th receive from it and leaves the receiver's for the
      // (k+C)-th send.
      slot_begin(c, c->sendx);
      slot_takes(c, c->sendx, rw);
      if (++c->sendx == c->cap) c->sendx = 0;
      c->recvx = c->sendx;
      move_elem(c, rw->elem, elem);
      partner_end(rw);
    }
    rw->success = true;
    *wake = rw->w;
    return kDone;
  }
  if (c->n() < c->cap) {
    buf_push(c, elem);
    return kDone;
  }
  return kNotReady;
}

// *ok: a value was received (false: the channel is closed and drained).
case_result recv_ready(chan_impl* c, void* dst, bool* ok, waiter** wake) {
  if (chan_waiter* sw = c->sendq.dequeue()) {
    recv_from_sender(c, sw, dst);
    *ok = true;
    *wake = sw->w;
    return kDone;
  }
  if (c->n() > 0) {
    buf_pop(c, dst);
    *ok = true;
    return kDone;
  }
  if (c->closed) {
    VIGIL_EVENT(acquire, c);  // close happens before a receive that observes it
    *ok = false;
    return kDone;
  }
  return kNotReady;
}

// Unlocks c, then acts on what a *_ready call found.
void finish_ready(chan_impl* c, case_result r, waiter* wake) VIGIL_RELEASE(c->lock) {
  c->lock.unlock();
  if (r == kSendOnClosed) closed_misuse(c, "send on closed channel");
  if (wake) unpark(wake);
}

// Parks on q of c (c->lock held, released by the park) until a partner
// completes the exchange or close wakes us; returns true for the former.
bool park_on(chan_impl* c, waitq& q, void* elem, wait_reason why) VIGIL_RELEASE(c->lock) {
  chan_waiter me;
  me.w = current_waiter();
  me.elem = elem;
  q.push(&me);
  if (!c->parked_on.load(std::memory_order_relaxed)) c->parked_on.store(true, std::memory_order_relaxed);
  VIGIL_EVENT(clock_release_store, &me.hb);
  park_unlock(c->lock, why, c);
  if (const vigil_event_hooks* h = event_hooks(); __builtin_expect(h != nullptr, 0)) {
    h->clock_acquire(&me.hb);
    h->clock_drop(&me.hb);
    if (!me.success) h->acquire(c);  // woken by close
  }
  return me.success;
}

}  // namespace

void chan_send(chan_core* cc, void* elem) {
  check_not_forked_child();
  if (!cc) park_forever(kWaitNilChanSend);
  chan_impl* c = impl(cc);
  c->lock.lock();
  waiter* wake = nullptr;
  if (case_result r = send_ready(c, elem, &wake); r != kNotReady) return finish_ready(c, r, wake);
  if (!park_on(c, c->sendq, elem, kWaitChanSend)) closed_misuse(c, "send on closed channel");
}

bool chan_try_send(chan_core* cc, void* elem) {
  check_not_forked_child();
  if (!cc) return false;
  chan_impl* c = impl(cc);
  c->lock.lock();
  waiter* wake = nullptr;
  case_result r = send_ready(c, elem, &wake);
  finish_ready(c, r, wake);
  return r == kDone;
}

bool chan_recv(chan_core* cc, void* dst) {
  check_not_forked_child();
  if (!cc) park_forever(kWaitNilChanRecv);
  chan_impl* c = impl(cc);
  c->lock.lock();
  waiter* wake = nullptr;
  bool ok = false;
  if (case_result r = recv_ready(c, dst, &ok, &wake); r != kNotReady) {
    finish_ready(c, r, wake);
    return ok;
  }
  return park_on(c, c->recvq, dst, kWaitChanRecv);
}

void chan_close(chan_core* cc) {
  check_not_forked_child();
  if (!cc) misuse("close of nil channel");
  chan_impl* c = impl(cc);
  const void* at = __builtin_return_address(0);
  c->lock.lock();
  if (c->closed) {
    c->lock.unlock();
    closed_misuse(c, "close of closed channel");
  }
  c->closed = true;
  c->closed_at = at;
  current_actor_ids(&c->closer_task, &c->closer_tid);
  VIGIL_EVENT(release, c);
  // Collect every waiter (receivers get "closed", senders fail), wake them
  // after unlocking.
  chan_waiter* wake = nullptr;
  for (waitq* q : {&c->recvq, &c->sendq})
    while (chan_waiter* cw = q->dequeue()) {
      cw->success = false;
      cw->next = wake;
      wake = cw;
    }
  c->lock.unlock();
  unpark_batch batch;
  while (wake) {
    chan_waiter* nx = wake->next;  // read before the owner may run and pop its frame
    batch.add(wake->w);
    wake = nx;
  }
  batch.flush();
}

// ---------------------------------------------------------------------------
// select

namespace {

struct select_locks {
  chan_impl** order;  // distinct channels, in address order
  int n;
};

// A set of locks taken and released together (and by park's commit): beyond
// the thread-safety analysis, which tracks named locks only.
void lock_all(const select_locks& l) VIGIL_NO_TSA {
  for (int i = 0; i < l.n; ++i) l.order[i]->lock.lock();
}
void unlock_all(const select_locks& l) VIGIL_NO_TSA {
  for (int i = l.n; i-- > 0;) l.order[i]->lock.unlock();
}
bool commit_unlock_all(void* arg) noexcept {
  unlock_all(*static_cast<select_locks*>(arg));
  return true;
}

}  // namespace

namespace {

// Completes case sc if it can proceed now (its channel locked).
case_result try_case(select_case& sc, waiter** wake) {
  chan_impl* c = impl(sc.c);
  return sc.is_send ? send_ready(c, sc.elem, wake) : recv_ready(c, sc.elem, &sc.ok, wake);
}

}  // namespace

int select_run(select_case* cases, int n, bool has_default) {
  check_not_forked_child();
  // Poll order: a random permutation of the non-nil cases.
  int* poll = static_cast<int*>(__builtin_alloca(sizeof(int) * (n ? n : 1)));
  int np = 0;
  for (int i = 0; i < n; ++i) {
    cases[i].ok = false;
    if (!cases[i].c) continue;
    int j = static_cast<int>(fast_rand() % static_cast<std::uint32_t>(np + 1));
    poll[np] = poll[j];
    poll[j] = i;
    ++np;
  }
  if (np == 0) {
    if (has_default) return -1;
    park_forever(n == 0 ? kWaitSelectNoCases : kWaitSelect);
  }
  // Pass 0, one channel at a time: a case found ready under its own lock can
  // complete there (the select takes effect at that moment), which saves
  // locking the others. Nothing ready: the locked passes below decide
  // (default, or wait), so "no case was ready" is always judged atomically.
  if (np > 1) {
    for (int k = 0; k < np; ++k) {
      int i = poll[k];
      chan_impl* c = impl(cases[i].c);
      c->lock.lock();
      waiter* wake = nullptr;
      case_result r = try_case(cases[i], &wake);
      if (r == kNotReady) {
        c->lock.unlock();
        continue;
      }
      finish_ready(c, r, wake);
      return i;
    }
  }

  // Lock order: distinct channels sorted by address (insertion sort: few cases).
  auto** order = static_cast<chan_impl**>(__builtin_alloca(sizeof(chan_impl*) * static_cast<std::size_t>(np)));
  int nl = 0;
  for (int k = 0; k < np; ++k) {
    chan_impl* c = impl(cases[poll[k]].c);
    int pos = nl;
    bool dup = false;
    for (int j = 0; j < nl; ++j)
      if (order[j] == c) dup = true;
    if (dup) continue;
    while (pos > 0 && order[pos - 1] > c) {
      order[pos] = order[pos - 1];
      --pos;
    }
    order[pos] = c;
    ++nl;
  }
  select_locks locks{order, nl};
  lock_all(locks);

  // Pass 1, under every lock: is any case ready?
  for (int k = 0; k < np; ++k) {
    int i = poll[k];
    waiter* wake = nullptr;
    case_result r = try_case(cases[i], &wake);
    if (r == kNotReady) continue;
    unlock_all(locks);
    if (r == kSendOnClosed) closed_misuse(impl(cases[i].c), "send on closed channel");
    if (wake) unpark(wake);
    return i;
  }
  if (has_default) {
    unlock_all(locks);
    return -1;
  }

  // Pass 2: wait on every case.
  select_state st;
  auto* ws = static_cast<chan_waiter*>(__builtin_alloca(sizeof(chan_waiter) * static_cast<std::size_t>(n)));
  waiter* me = current_waiter();
  for (int k = 0; k < np; ++k) {
    int i = poll[k];
    chan_waiter* cw = ::new (&ws[i]) chan_waiter();
    cw->w = me;
    cw->elem = cases[i].elem;
    cw->sel = &st;
    cw->case_index = i;
    chan_impl* c = impl(cases[i].c);
    (cases[i].is_send ? c->sendq : c->recvq).push(cw);
    if (!c->parked_on.load(std::memory_order_relaxed)) c->parked_on.store(true, std::memory_order_relaxed);
    VIGIL_EVENT(clock_release_store, &cw->hb);
  }
  // The wait object is the set of channels (chan_wait_channels reads it
  // while the select is parked: the frame holding it stays put meanwhile).
  park(commit_unlock_all, &locks, kWaitSelect, &locks);

  // Pass 3: the case that fired completed; withdraw from the others.
  lock_all(locks);
  int won = st.fired.load(std::memory_order_acquire);
  for (int k = 0; k < np; ++k) {
    int i = poll[k];
    if (i == won || !ws[i].queued) continue;
    chan_impl* c = impl(cases[i].c);
    (cases[i].is_send ? c->sendq : c->recvq).remove(&ws[i]);
  }
  unlock_all(locks);
  if (won < 0) fatal("select woke up without a case");
  if (const vigil_event_hooks* h = event_hooks(); __builtin_expect(h != nullptr, 0)) {
    h->clock_acquire(&ws[won].hb);
    for (int k = 0; k < np; ++k) h->clock_drop(&ws[poll[k]].hb);
    if (!ws[won].success) h->acquire(impl(cases[won].c));
  }
  if (cases[won].is_send) {
    if (!ws[won].success) closed_misuse(impl(cases[won].c), "send on closed channel");
  } else {
    cases[won].ok = ws[won].success;
  }
  return won;
}

// ---------------------------------------------------------------------------
// Timers that deliver the time into a channel (after, ticker).
namespace {

void send_time(void* arg) {
  auto* c = static_cast<chan_core*>(arg);
  auto tp = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(now_ns()));
  (void)chan_try_send(c, &tp);  // full: the tick is dropped, as in Go
}
void release_chan(void* arg) { chan_unref(static_cast<chan_core*>(arg)); }

}  // namespace

timer* timer_send_time(chan_core* c, clock_ns when, clock_ns period, bool auto_free) noexcept {
  chan_ref(c);
  return timer_start(when, period, send_time, release_chan, c, auto_free);
}

}  // namespace vigil::detail

namespace vigil::detail {

void chan_describe(const void* object, base::dyn_text& t, const void** made_at) noexcept {
  const auto* c = static_cast<const chan_impl*>(static_cast<const chan_core*>(object));
  *made_at = nullptr;
  if (!c) {
    t.str("the nil channel");
    return;
  }
  t.str("chan<");
  const char* pretty = c->ops->pretty_name ? c->ops->pretty_name() : nullptr;
  const char* name = pretty ? std::strstr(pretty, "[T = ") : nullptr;
  if (name) {
    name += 5;
    std::size_t len = std::strlen(name);
    if (len && name[len - 1] == ']') len--;
    t.str(name, len);
  } else {
    t.str("?");
  }
  t.chr('>');
  if (c->cap) t.str(" (buffered, capacity ").dec(c->cap).str(", ").dec(c->n()).str(" queued)");
  else t.str(" (unbuffered)");
  if (c->closed) t.str(", closed");
  *made_at = c->made_at;
}

}  // namespace vigil::detail

namespace vigil::detail {

int chan_wait_channels(int why, const void* object, const chan_core** out, int max, std::uintptr_t frame_lo,
                       std::uintptr_t frame_hi) noexcept {
  if (!object) return 0;
  if (why == kWaitChanSend || why == kWaitChanRecv) {
    if (max > 0) out[0] = static_cast<const chan_core*>(object);
    return 1;
  }
  if (why != kWaitSelect) return 0;
  // The select's frame, read while it may be going away: nothing is
  // dereferenced that does not lie in [frame_lo, frame_hi).
  auto within = [&](const void* p, std::size_t n) {
    auto a = reinterpret_cast<std::uintptr_t>(p);
    return a >= frame_lo && a <= frame_hi && n <= frame_hi - a;
  };
  const auto* l = static_cast<const select_locks*>(object);
  if (!within(l, sizeof *l)) return 0;
  int n = __atomic_load_n(&l->n, __ATOMIC_RELAXED);
  chan_impl** order = __atomic_load_n(&l->order, __ATOMIC_RELAXED);
  if (n <= 0 || !within(order, static_cast<std::size_t>(n) * sizeof *order)) return 0;
  for (int i = 0; i < n && i < max; i++) out[i] = __atomic_load_n(&order[i], __ATOMIC_RELAXED);
  return n;
}

void chan_dropped() noexcept {
  // (Not while the process exits, nor in a forked child: no checker thread
  // should start then.)
  if (!exiting() && !g_forked_child.load(std::memory_order_relaxed)) request_wait_cycle_check();
}

}  // namespace vigil::detail
