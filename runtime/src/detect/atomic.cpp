// atomic.cpp — C++ atomics and fences, performed by the runtime so that the
// value and the happens-before it carries cannot drift apart.
//
// Model (C++20):
//  - a release store (or RMW) publishes the storing owner's clock on the
//    object's sync_var; an acquire load (or RMW) that reads it absorbs it;
//  - release sequences: RMWs continue the sequence (a relaxed RMW leaves the
//    clock, a release RMW adds to it); any plain store starts a new one (the
//    clock becomes the storer's release clock, or empty if relaxed);
//  - fences: a release fence snapshots the clock; later relaxed stores/RMWs
//    publish that snapshot. Relaxed loads/RMWs collect the clocks they read;
//    the next acquire fence absorbs them. TSan ignores fences and reports
//    false races on fence-based publication; vigil does not.
// The value operation and the clock update happen under the sync_var's lock,
// so a load absorbs exactly the clock of the store it read from.
// Every atomic operation is also checked as an atomic access: atomics do not
// race with each other, but race with plain accesses of the same bytes.
#include "abi_decls.h"
#include "access.h"
#include "sync.h"

namespace vigil::detect {
namespace {

enum { mo_relaxed, mo_consume, mo_acquire, mo_release, mo_acq_rel, mo_seq_cst };

VIGIL_ALWAYS_INLINE bool is_acquire(unsigned mo) {
  return mo == mo_consume || mo == mo_acquire || mo == mo_acq_rel || mo == mo_seq_cst;
}
VIGIL_ALWAYS_INLINE bool is_release(unsigned mo) {
  return mo == mo_release || mo == mo_acq_rel || mo == mo_seq_cst;
}

VIGIL_ALWAYS_INLINE bool word_has_sync(uintptr_t addr) {
  shadow_cell *c = shadow_cell_for(addr & ~uintptr_t{7});
  return __atomic_load_n(&c->r, __ATOMIC_ACQUIRE) & kSyncBit;
}

// Clock effects of reading from the sync_var (s locked) with order mo.
void absorb(owner *o, sync_var *s, unsigned mo) VIGIL_REQUIRES(s->mu) {
  if (is_acquire(mo)) {
    sync_acquire(o, s);
  } else if (!s->clock.empty()) {
    o->fence_acquire.join(s->clock);
    o->has_fence_acquire = true;
  }
}

template <class T>
T do_load(T *a, unsigned mo) {
  return mo == mo_relaxed ? __atomic_load_n(a, __ATOMIC_RELAXED) : __atomic_load_n(a, __ATOMIC_SEQ_CST);
}

template <class T>
T atomic_load(T *a, unsigned mo, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(o->in_runtime)) return do_load(a, mo);
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  bool user = is_user_address(addr);
  T v;
  // The word's sync bit may stand for a neighbour's sync object (atomics
  // smaller than a word share it), and a release store may create this
  // object at any moment: whenever the load ran without the object's lock,
  // look again afterwards, and if the object exists now, load again under its
  // lock so that the clock taken is the clock of the value returned.
  sync_var *s = (user && word_has_sync(addr)) ? sync_find(addr, false) : nullptr;
  if (!s) {
    v = do_load(a, mo);
    if (user && word_has_sync(addr)) s = sync_find(addr, false);
  }
  if (s) {
    s->mu.assert_held();
    v = do_load(a, mo);
    absorb(o, s, mo);
    s->mu.unlock();
  }
  if (!owner_ignores(o, 0)) access_range(o, addr, sizeof(T), k_access_atomic, pc);
  return v;
}

template <class T>
void atomic_store(T *a, T v, unsigned mo, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(o->in_runtime)) return __atomic_store_n(a, v, __ATOMIC_SEQ_CST);
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  if (!owner_ignores(o, k_access_write)) access_range(o, addr, sizeof(T), k_access_write | k_access_atomic, pc);
  if (is_release(mo) || o->has_fence_release || (is_user_address(addr) && word_has_sync(addr))) {
    sync_var *s = sync_find(addr, true);
    s->mu.assert_held();
    // A plain store starts a new release sequence.
    if (is_release(mo))
      sync_release_store(o, s);
    else if (o->has_fence_release)
      s->clock.assign(o->fence_release);
    else
      s->clock.clear();
    if (mo == mo_seq_cst)
      __atomic_store_n(a, v, __ATOMIC_SEQ_CST);
    else
      __atomic_store_n(a, v, __ATOMIC_RELEASE);
    s->mu.unlock();
    return;
  }
  __atomic_store_n(a, v, mo == mo_seq_cst ? __ATOMIC_SEQ_CST : __ATOMIC_RELAXED);
}

enum class rmw { exchange, add, sub, and_, or_, xor_, nand };

template <class T>
T do_rmw(T *a, T v, rmw op) {
  switch (op) {
    case rmw::exchange: return __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST);
    case rmw::add: return __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST);
    case rmw::sub: return __atomic_fetch_sub(a, v, __ATOMIC_SEQ_CST);
    case rmw::and_: return __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST);
    case rmw::or_: return __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST);
    case rmw::xor_: return __atomic_fetch_xor(a, v, __ATOMIC_SEQ_CST);
    case rmw::nand: return __atomic_fetch_nand(a, v, __ATOMIC_SEQ_CST);
  }
  __builtin_unreachable();
}

// Clock effects of an RMW (s locked): it reads (absorb) then continues the
// release sequence, adding the owner's clock if it releases.
void rmw_clocks(owner *o, sync_var *s, unsigned mo) VIGIL_REQUIRES(s->mu) {
  absorb(o, s, mo);
  if (is_release(mo)) {
    sync_release(o, s);
  } else if (o->has_fence_release) {
    s->clock.join(o->fence_release);
  }
}

template <class T>
T atomic_rmw(T *a, T v, unsigned mo, rmw op, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(o->in_runtime)) return do_rmw(a, v, op);
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  if (!owner_ignores(o, k_access_write)) access_range(o, addr, sizeof(T), k_access_write | k_access_atomic, pc);
  // An acquiring RMW cannot be redone if a release store raced with the
  // check: it always works under the object's lock.
  bool need_var = is_release(mo) || is_acquire(mo) || o->has_fence_release;
  if (need_var || (is_user_address(addr) && word_has_sync(addr))) {
    if (sync_var *s = sync_find(addr, need_var)) {
      s->mu.assert_held();
      T old = do_rmw(a, v, op);
      rmw_clocks(o, s, mo);
      s->mu.unlock();
      return old;
    }
  }
  return do_rmw(a, v, op);
}

template <class T>
T atomic_cas(T *a, T expected, T desired, unsigned mo, unsigned fail_mo, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(o->in_runtime)) {
    __atomic_compare_exchange_n(a, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
  }
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  bool need_var = is_release(mo) || is_acquire(mo) || is_acquire(fail_mo) || o->has_fence_release;
  sync_var *s = nullptr;
  if (need_var || (is_user_address(addr) && word_has_sync(addr))) s = sync_find(addr, need_var);
  T old = expected;
  bool ok = __atomic_compare_exchange_n(a, &old, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  if (s) {
    s->mu.assert_held();
    if (ok)
      rmw_clocks(o, s, mo);
    else
      absorb(o, s, fail_mo);
    s->mu.unlock();
  }
  if (ok) {
    if (!owner_ignores(o, k_access_write)) access_range(o, addr, sizeof(T), k_access_write | k_access_atomic, pc);
  } else {
    if (!owner_ignores(o, 0)) access_range(o, addr, sizeof(T), k_access_atomic, pc);
  }
  return old;
}

}  // namespace

void thread_fence(owner *o, unsigned mo) {
  if (is_acquire(mo) && o->has_fence_acquire) {
    o->clock.join(o->fence_acquire);
    o->fence_acquire.clear();
    o->has_fence_acquire = false;
  }
  if (is_release(mo)) {
    o->fence_release.assign(o->clock);
    o->has_fence_release = true;
    owner_tick(o);
  }
}

}  // namespace vigil::detect

using namespace vigil::detect;

#define VIGIL_PC reinterpret_cast<uintptr_t>(__builtin_return_address(0))
#define VIGIL_DEFINE_ATOMICS(bits, T)                                                        \
  T __vigil_atomic##bits##_load(void *a, uint32_t mo) {                                      \
    return atomic_load(static_cast<T *>(a), mo, VIGIL_PC);                                   \
  }                                                                                          \
  void __vigil_atomic##bits##_store(void *a, T v, uint32_t mo) {                             \
    atomic_store(static_cast<T *>(a), v, mo, VIGIL_PC);                                      \
  }                                                                                          \
  T __vigil_atomic##bits##_exchange(void *a, T v, uint32_t mo) {                             \
    return atomic_rmw(static_cast<T *>(a), v, mo, rmw::exchange, VIGIL_PC);                  \
  }                                                                                          \
  T __vigil_atomic##bits##_fetch_add(void *a, T v, uint32_t mo) {                            \
    return atomic_rmw(static_cast<T *>(a), v, mo, rmw::add, VIGIL_PC);                       \
  }                                                                                          \
  T __vigil_atomic##bits##_fetch_sub(void *a, T v, uint32_t mo) {                            \
    return atomic_rmw(static_cast<T *>(a), v, mo, rmw::sub, VIGIL_PC);                       \
  }                                                                                          \
  T __vigil_atomic##bits##_fetch_and(void *a, T v, uint32_t mo) {                            \
    return atomic_rmw(static_cast<T *>(a), v, mo, rmw::and_, VIGIL_PC);                      \
  }                                                                                          \
  T __vigil_atomic##bits##_fetch_or(void *a, T v, uint32_t mo) {                             \
    return atomic_rmw(static_cast<T *>(a), v, mo, rmw::or_, VIGIL_PC);                       \
  }                                                                                          \
  T __vigil_atomic##bits##_fetch_xor(void *a, T v, uint32_t mo) {                            \
    return atomic_rmw(static_cast<T *>(a), v, mo, rmw::xor_, VIGIL_PC);                      \
  }                                                                                          \
  T __vigil_atomic##bits##_fetch_nand(void *a, T v, uint32_t mo) {                           \
    return atomic_rmw(static_cast<T *>(a), v, mo, rmw::nand, VIGIL_PC);                      \
  }                                                                                          \
  T __vigil_atomic##bits##_compare_exchange_val(void *a, T e, T d, uint32_t mo, uint32_t fmo) { \
    return atomic_cas(static_cast<T *>(a), e, d, mo, fmo, VIGIL_PC);                         \
  }
VIGIL_DEFINE_ATOMICS(8, uint8_t)
VIGIL_DEFINE_ATOMICS(16, uint16_t)
VIGIL_DEFINE_ATOMICS(32, uint32_t)
VIGIL_DEFINE_ATOMICS(64, uint64_t)
VIGIL_DEFINE_ATOMICS(128, unsigned __int128)

void __vigil_atomic_thread_fence(uint32_t mo) {
  owner *o = cur_owner();
  if (!o->in_runtime) thread_fence(o, mo);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
void __vigil_atomic_signal_fence(uint32_t) { __atomic_signal_fence(__ATOMIC_SEQ_CST); }
