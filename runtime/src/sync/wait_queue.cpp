// wait_queue.cpp — FIFO queues of parked waiters and Go's runtime semaphore.
//
// A wait_queue is an intrusive doubly linked list of waiters under the
// queue's own raw_lock; a waiter is in at most one queue at a time. The sema
// hands a released unit directly to the oldest waiter, so a woken waiter
// never has to compete for it again.

#include "sched/sched.h"

namespace vigil::detail {

void wq_push_back(wait_queue* q, waiter* w) noexcept {
  w->next = nullptr;
  w->prev = q->tail;
  if (q->tail)
    q->tail->next = w;
  else
    q->head = w;
  q->tail = w;
}

void wq_push_front(wait_queue* q, waiter* w) noexcept {
  w->prev = nullptr;
  w->next = q->head;
  if (q->head)
    q->head->prev = w;
  else
    q->tail = w;
  q->head = w;
}

waiter* wq_pop_front(wait_queue* q) noexcept {
  waiter* w = q->head;
  if (!w) return nullptr;
  q->head = w->next;
  if (q->head)
    q->head->prev = nullptr;
  else
    q->tail = nullptr;
  w->next = w->prev = nullptr;
  return w;
}

void sema_acquire(sema* s, int reason) noexcept {
  std::uint32_t c = s->count.load(std::memory_order_relaxed);
  while (c > 0)
    if (s->count.compare_exchange_weak(c, c - 1, std::memory_order_acquire, std::memory_order_relaxed)) return;
  s->q.lock.lock();
  c = s->count.load(std::memory_order_relaxed);
  while (c > 0)
    if (s->count.compare_exchange_weak(c, c - 1, std::memory_order_acquire, std::memory_order_relaxed)) {
      s->q.lock.unlock();
      return;
    }
  // count is 0 and only changes under q.lock when nobody waits: release()
  // will find us and hand the unit over.
  wq_push_back(&s->q, current_waiter());
  park_unlock(s->q.lock, static_cast<wait_reason>(reason), s);
  std::atomic_thread_fence(std::memory_order_acquire);
}

void sema_release(sema* s) noexcept {
  s->q.lock.lock();
  if (waiter* w = wq_pop_front(&s->q)) {
    s->q.lock.unlock();
    unpark(w);
    return;
  }
  s->count.fetch_add(1, std::memory_order_release);
  s->q.lock.unlock();
}

}  // namespace vigil::detail
