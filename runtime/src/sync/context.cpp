// context.cpp — the cancellation tree behind vigil::context.
//
// Each derived context is a ctx_state: a done channel (closed on cancel), the
// error, the deadline, a timer for the deadline, and the children to cancel
// with it. A child holds a reference to its parent's state only while it is
// registered there; cancelling removes a child from its parent.
//
// Invariants (guarded by s->lock): err != 0 ⇔ done is closed ⇔ children is
// empty for ever; a state is in its parent's children list iff it is not
// cancelled and the parent was not cancelled when it was created; while it
// is, parent and child hold one reference to each other.
// Lock order: a parent's lock before a child's (cancel walks downwards, never
// holding the parent's lock while locking its parent).

#include "sched/sched.h"

#include <vigil/context.h>
#include <vigil/detail/events.h>

#include <cstdlib>
#include <new>

namespace vigil::detail {

struct ctx_state {
  std::atomic<long> refs{1};
  raw_lock lock;
  chan_core* done = nullptr;     // never null; closed on cancel
  std::atomic<int> err{0};       // written under lock; read without
  clock_ns deadline = -1;
  ctx_state* parent = nullptr;   // while registered with the parent; written under both locks
  ctx_state* first_child = nullptr;  // guarded by lock
  ctx_state* next_sibling = nullptr; // guarded by parent->lock
  ctx_state* prev_sibling = nullptr; // guarded by parent->lock
  timer* deadline_timer = nullptr;   // guarded by lock
};

namespace {

void unlink_child(ctx_state* parent, ctx_state* child) {
  // parent->lock held.
  if (child->prev_sibling)
    child->prev_sibling->next_sibling = child->next_sibling;
  else
    parent->first_child = child->next_sibling;
  if (child->next_sibling) child->next_sibling->prev_sibling = child->prev_sibling;
  child->next_sibling = child->prev_sibling = nullptr;
}

void cancel(ctx_state* s, int why, bool remove_from_parent) {
  s->lock.lock();
  if (s->err.load(std::memory_order_relaxed) != 0) {
    s->lock.unlock();
    return;
  }
  // The cancellation happens before an err() that reports it (ctx_err), and
  // before a receive on done that sees it closed (chan_close's own edge).
  VIGIL_EVENT(release, s->done);
  s->err.store(why, std::memory_order_release);
  chan_close(s->done);
  ctx_state* children = s->first_child;
  s->first_child = nullptr;
  timer* t = s->deadline_timer;
  s->deadline_timer = nullptr;
  // Detach the children (under our lock and each child's: parent before
  // child is the lock order): they are ours to cancel.
  for (ctx_state* c = children; c; c = c->next_sibling) {
    c->lock.lock();
    c->parent = nullptr;
    c->lock.unlock();
  }
  s->lock.unlock();
  if (t) timer_free(t);
  while (children) {
    ctx_state* next = children->next_sibling;
    children->next_sibling = children->prev_sibling = nullptr;
    cancel(children, why, false);
    ctx_unref(children);  // our reference to the child
    ctx_unref(s);         // the child's reference to us
    children = next;
  }
  if (remove_from_parent) {
    // s->parent changes only under both locks, so reading it under ours and
    // taking a reference keeps the parent alive while we lock it.
    s->lock.lock();
    ctx_state* p = s->parent;
    if (p) ctx_ref(p);
    s->lock.unlock();
    if (p) {
      p->lock.lock();
      s->lock.lock();
      bool linked = s->parent == p;
      if (linked) s->parent = nullptr;
      s->lock.unlock();
      if (linked) unlink_child(p, s);
      p->lock.unlock();
      if (linked) {
        ctx_unref(p);  // our registration reference to the parent
        ctx_unref(s);  // the parent's reference to us (the caller still holds one)
      }
      ctx_unref(p);  // the temporary one
    }
  }
}

void fire_deadline(void* arg) { cancel(static_cast<ctx_state*>(arg), static_cast<int>(context_errc::deadline_exceeded), true); }
void release_state(void* arg) { ctx_unref(static_cast<ctx_state*>(arg)); }

}  // namespace

ctx_state* ctx_new(ctx_state* parent, clock_ns deadline) {
  void* mem = std::malloc(sizeof(ctx_state));
  if (!mem) fatal("out of memory for a context");
  auto* s = ::new (mem) ctx_state();
  s->done = chan_make(&elem_ops_for<empty>::ops, 0);
  clock_ns inherited = parent ? parent->deadline : -1;
  s->deadline = deadline;
  if (inherited >= 0 && (deadline < 0 || inherited <= deadline)) {
    // The parent's deadline comes first: it will cancel us (Go does the same).
    s->deadline = inherited;
    deadline = -1;
  }
  if (parent) {
    parent->lock.lock();
    int perr = parent->err.load(std::memory_order_relaxed);
    if (perr == 0) {
      // A registered child and its parent hold a reference to each other
      // until the child is cancelled (as in Go, a context whose cancel is
      // never called lives as long as its parent).
      ctx_ref(parent);
      ctx_ref(s);
      s->parent = parent;
      s->next_sibling = parent->first_child;
      if (parent->first_child) parent->first_child->prev_sibling = s;
      parent->first_child = s;
    }
    parent->lock.unlock();
    if (perr != 0) {
      // The parent's cancellation cancels the child: it happens before the
      // child's done() is observed closed (Go's propagateCancel receives
      // from the parent's closed Done() first).
      VIGIL_EVENT(acquire, parent->done);
      cancel(s, perr, false);
      return s;
    }
  }
  if (deadline >= 0) {
    if (deadline <= now_ns()) {
      cancel(s, static_cast<int>(context_errc::deadline_exceeded), true);
      return s;
    }
    ctx_ref(s);  // the timer's
    s->lock.lock();
    if (s->err.load(std::memory_order_relaxed) == 0) {
      s->deadline_timer = timer_start(deadline, 0, fire_deadline, release_state, s, /*auto_free=*/false);
      s->lock.unlock();
    } else {
      s->lock.unlock();
      ctx_unref(s);
    }
  }
  return s;
}

void ctx_ref(ctx_state* s) noexcept { s->refs.fetch_add(1, std::memory_order_relaxed); }

void ctx_unref(ctx_state* s) noexcept {
  if (s->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  // No handle, no parent, no child and no timer refers to s any more.
  chan_unref(s->done);
  s->~ctx_state();
  std::free(s);
}

void ctx_cancel(ctx_state* s, context_errc why) noexcept { cancel(s, static_cast<int>(why), true); }

chan_core* ctx_done(ctx_state* s) noexcept { return s ? s->done : nullptr; }
int ctx_err(const ctx_state* s) noexcept {
  int e = s ? s->err.load(std::memory_order_acquire) : 0;
  if (e) VIGIL_EVENT(acquire, s->done);
  return e;
}
clock_ns ctx_deadline(const ctx_state* s) noexcept { return s ? s->deadline : -1; }

}  // namespace vigil::detail

namespace vigil {
namespace {
class context_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "vigil.context"; }
  std::string message(int e) const override {
    switch (static_cast<context_errc>(e)) {
      case context_errc::canceled: return "context canceled";
      case context_errc::deadline_exceeded: return "context deadline exceeded";
    }
    return "unknown context error";
  }
};
}  // namespace

const std::error_category& context_category() noexcept {
  static const context_category_impl cat;
  return cat;
}
}  // namespace vigil
