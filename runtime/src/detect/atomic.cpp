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
// Sync objects are keyed by the bytes an access covers: a load or RMW
// absorbs every var of its word whose bytes it overlaps (an 8-byte acquire
// load takes releases made on either 4-byte half), a store or RMW publishes
// on the var of its own address. Clock-changing operations happen under the
// vars' locks, so a load absorbs exactly the clock of the store it read from;
// loads of a var whose clock has not changed since this owner last absorbed
// it take no lock at all (atomic_load).
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

constexpr uint32_t kSeenInClock = 1u << 31;

// The vars overlapping an access, locked (index order), and the one keyed by
// the access's own address among them, if any.
struct locked_vars {
  sync_var *v[8];
  unsigned n = 0;
  sync_var *exact = nullptr;

  void unlock() VIGIL_NO_TSA {
    for (unsigned k = 0; k < n; k++) v[k]->mu.unlock();
    n = 0;
  }
};

bool same_vars(const locked_vars &lv, const uint32_t *idx, unsigned n) {
  if (n != lv.n) return false;
  for (unsigned k = 0; k < n; k++)
    if (sync_at(idx[k]) != lv.v[k]) return false;
  return true;
}

// Locks the vars whose bytes overlap [addr, addr+size); first creates the
// one keyed by addr if `create`.
void lock_overlapping(uintptr_t addr, size_t size, bool create, locked_vars &lv) VIGIL_NO_TSA {
  for (;;) {
    uint32_t idx[8];
    unsigned n = sync_overlapping(addr, size, idx);
    lv.n = 0;
    lv.exact = nullptr;
    for (unsigned k = 0; k < n; k++) {
      sync_var *s = sync_at(idx[k]);
      s->mu.lock();
      if (!sync_covers(s, addr, size)) {
        s->mu.unlock();
        continue;
      }
      lv.v[lv.n++] = s;
      if (s->addr == addr) lv.exact = s;
    }
    if (!create || lv.exact) return;
    // No var of this address yet (or destroyed meanwhile, by a free racing
    // with the access): create it, then lock the set again.
    lv.unlock();
    sync_find(addr, true, 0, static_cast<uint32_t>(size))->mu.unlock();
  }
}

VIGIL_ALWAYS_INLINE owner::sync_seen &seen_entry(owner *o, uint32_t index) { return o->seen[index & 15]; }

// Has o absorbed var `index` as of `version` (into its clock if `acquire`)?
VIGIL_ALWAYS_INLINE bool seen(owner *o, uint32_t index, uint32_t version, bool acquire) {
  const owner::sync_seen &e = seen_entry(o, index);
  return e.version == version && (e.index == (index | kSeenInClock) || (!acquire && e.index == index));
}

// Clock effects of reading from the sync_var (s locked) with order mo.
void absorb(owner *o, sync_var *s, unsigned mo) VIGIL_REQUIRES(s->mu) {
  if (is_acquire(mo)) {
    sync_acquire(o, s);
  } else if (!s->clock.surely_empty()) {
    s->clock.collect_into(o, o->fence_acquire);
    o->has_fence_acquire = true;
  }
}

// After absorb of a lone var: remember its version (its clock is now in o's
// clock, or in fence_acquire, which only ever moves into the clock).
void note_seen(owner *o, sync_var *s, unsigned mo) VIGIL_REQUIRES(s->mu) {
  uint32_t i = sync_index(s);
  owner::sync_seen &e = seen_entry(o, i);
  bool in_clock = is_acquire(mo) || (e.index == (i | kSeenInClock) && e.version == s->version);
  e = {in_clock ? (i | kSeenInClock) : i, s->version};
}

// note_seen for a var read without its lock (version read in the window).
void note_seen_unlocked(owner *o, uint32_t i, uint32_t version, unsigned mo) {
  owner::sync_seen &e = seen_entry(o, i);
  bool in_clock = is_acquire(mo) || (e.index == (i | kSeenInClock) && e.version == version);
  e = {in_clock ? (i | kSeenInClock) : i, version};
}

template <class T>
T load_acquire(T *a) {
  return __atomic_load_n(a, __ATOMIC_ACQUIRE);  // covers every order but seq_cst
}
template <class T>
T do_load(T *a, unsigned mo) {
  return mo == mo_seq_cst ? __atomic_load_n(a, __ATOMIC_SEQ_CST) : load_acquire(a);
}

// The load of a word's one var, without its lock: its key and clock are
// copied and the value loaded between two reads of the var's lock sequence
// (spin_lock.h); if they agree, no critical section ran in between, and
// every store and RMW that changes a var's clock or a value of its bytes does
// so inside one (atomic_store, atomic_rmw), so the value read carries exactly
// the clock copied. The copy is absorbed afterwards. False (nothing
// absorbed, no value) if the lock was held, moved, or the clock is too
// large to copy.
template <class T>
bool load_unlocked(owner *o, uint32_t index, uint32_t head, T *a, unsigned mo, T *out) VIGIL_NO_TSA {
  sync_var *s = sync_at(index);
  // A store in progress is short: wait for it a little rather than queue
  // for the lock behind it.
  uint32_t seq = s->mu.sequence();
  for (unsigned spins = 0; (seq & 1) && spins < 64; spins++) {
    __builtin_ia32_pause();
    seq = s->mu.sequence();
  }
  if (seq & 1) return false;
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  uintptr_t key = __atomic_load_n(&s->addr, __ATOMIC_RELAXED);
  uint32_t size = __atomic_load_n(&s->size, __ATOMIC_RELAXED);
  if (key == 0 || key >= addr + sizeof(T) || key + size <= addr) return false;  // sync_covers
  uint32_t version = __atomic_load_n(&s->version, __ATOMIC_RELAXED);
  clock_copy c;
  if (!s->clock.read_unlocked(o, c)) return false;
  T v = do_load(a, mo);
  __atomic_thread_fence(__ATOMIC_ACQUIRE);  // the reads above happen before the second
  if (s->mu.sequence() != seq || sync_word_head(addr) != head) return false;
  if (is_acquire(mo)) {
    acquire_copy(o, c);
  } else if (!c.empty()) {
    collect_copy(o, c, o->fence_acquire);
    o->has_fence_acquire = true;
  }
  note_seen_unlocked(o, index, version, mo);
  *out = v;
  return true;
}

// A load takes the clock of the store it reads from. Vars are looked up
// without a lock; then:
//  - none: the value is loaded and the lookup repeated; a store that created
//    a var and stored the value we read published the var first, so an empty
//    second lookup proves no clock belongs to the value;
//  - one whose version this owner has absorbed: load, and if the version is
//    unchanged afterwards (stores change it before the value, under the var's
//    lock), the value's clock is one we have: no lock taken (spin loops);
//  - one, changed: its clock copied and the value loaded without the lock
//    (load_unlocked), if no critical section of the var interleaved;
//  - otherwise: load under the vars' locks and absorb their clocks; if a new
//    var appeared meanwhile, do it again with it.
template <class T>
T atomic_load(T *a, unsigned mo, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(!o || o->in_runtime)) return do_load(a, mo);
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  T v;
  if (VIGIL_UNLIKELY(!is_user_address(addr))) return do_load(a, mo);
  uint32_t idx[8];
  uint32_t head = sync_word_head(addr);
  unsigned n = sync_overlapping(head, addr, sizeof(T), idx);
  if (n == 0) {
    v = do_load(a, mo);
    n = sync_overlapping(addr, sizeof(T), idx);
    if (n == 0) goto checked;
  }
  if (n == 1) {
    sync_var *s = sync_at(idx[0]);
    uint32_t version = __atomic_load_n(&s->version, __ATOMIC_ACQUIRE);
    if (seen(o, idx[0], version, is_acquire(mo))) {
      v = do_load(a, mo);
      // Unchanged version and no var added to the word (vars are pushed at
      // the head of its chain).
      if (__atomic_load_n(&s->version, __ATOMIC_RELAXED) == version && sync_word_head(addr) == head) goto checked;
    }
    for (unsigned attempt = 0; attempt < 4; attempt++)
      if (load_unlocked(o, idx[0], head, a, mo, &v)) goto checked;
  }
  for (;;) {
    locked_vars lv;
    lock_overlapping(addr, sizeof(T), false, lv);
    v = do_load(a, mo);
    n = sync_overlapping(addr, sizeof(T), idx);
    if (!same_vars(lv, idx, n)) {
      lv.unlock();
      continue;
    }
    for (unsigned k = 0; k < lv.n; k++) {
      lv.v[k]->mu.assert_held();
      absorb(o, lv.v[k], mo);
    }
    if (lv.n == 1) {
      lv.v[0]->mu.assert_held();
      note_seen(o, lv.v[0], mo);
    }
    lv.unlock();
    break;
  }
checked:
  if (!owner_ignores(o, 0)) access_range(o, addr, sizeof(T), k_access_atomic, pc);
  return v;
}

// A store starts a new release sequence: the clock of the var keyed by its
// address becomes the storer's (release), the last release fence's, or
// nothing; vars of smaller atomics whose bytes it overwrites all lose theirs.
// Versions change before the value does (see atomic_load).
template <class T>
void atomic_store(T *a, T v, unsigned mo, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(!o || o->in_runtime)) return __atomic_store_n(a, v, __ATOMIC_SEQ_CST);
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  // The notes first: the store's own access is then recorded, not noted.
  if (!is_release(mo) && o->has_fence_release) fence_published(o);
  if (!owner_ignores(o, k_access_write)) access_range(o, addr, sizeof(T), k_access_write | k_access_atomic, pc);
  bool publishes = is_release(mo) || o->has_fence_release;
  if (is_user_address(addr) && (publishes || sync_word_head(addr) != 0)) {
    locked_vars lv;
    lock_overlapping(addr, sizeof(T), publishes, lv);
    for (unsigned k = 0; k < lv.n; k++) {
      sync_var *s = lv.v[k];
      s->mu.assert_held();
      if (s == lv.exact) {
        if (is_release(mo)) {
          sync_release_store(o, s);
        } else if (o->has_fence_release) {
          sync_changed(s);
          s->clock.store_fenced(o);
        } else if (!s->clock.surely_empty()) {
          sync_changed(s);
          s->clock.clear();
        }
      } else if (s->addr >= addr && s->addr + s->size <= addr + sizeof(T) && !s->clock.surely_empty()) {
        sync_changed(s);
        s->clock.clear();
      }
    }
    __atomic_store_n(a, v, mo == mo_seq_cst ? __ATOMIC_SEQ_CST : __ATOMIC_RELEASE);
    lv.unlock();
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

// Does an RMW with order mo change the clock of the var it writes?
VIGIL_ALWAYS_INLINE bool rmw_publishes(const owner *o, unsigned mo) {
  return is_release(mo) || o->has_fence_release;
}

// Clock effects of an RMW on the locked vars: it reads (absorb, from every
// var of the bytes) then continues the release sequence of its own var,
// adding the owner's clock if it releases.
void rmw_clocks(owner *o, locked_vars &lv, unsigned mo) VIGIL_NO_TSA {
  for (unsigned k = 0; k < lv.n; k++) absorb(o, lv.v[k], mo);
  // A release alone leaves the var with clock entries the owner lacks.
  if (lv.n == 1 && (is_acquire(mo) || !rmw_publishes(o, mo))) note_seen(o, lv.v[0], mo);
  if (sync_var *s = lv.exact) {
    if (is_release(mo)) sync_release(o, s);
    else if (o->has_fence_release) s->clock.join_fenced(o);
  }
}

// Before the value changes: versions of the vars whose clock the RMW changes.
void rmw_announce(const owner *o, locked_vars &lv, unsigned mo) VIGIL_NO_TSA {
  if (lv.exact && rmw_publishes(o, mo)) sync_changed(lv.exact);
}

// A relaxed RMW that found no var for its bytes: if a release store created
// one between the lookup and the RMW, the value read may carry its clock.
// The RMW cannot be redone, so the var's current clock is collected for a
// later acquire fence — at worst an edge from a release that came after the
// value read (a missed race, never a false one); an empty second lookup
// proves no clock belongs to the value (stores publish the var first).
void collect_if_var_appeared(owner *o, uintptr_t addr, size_t size, unsigned mo) {
  if (sync_word_head(addr) == 0) return;
  locked_vars lv;
  lock_overlapping(addr, size, false, lv);
  for (unsigned k = 0; k < lv.n; k++) {
    lv.v[k]->mu.assert_held();
    absorb(o, lv.v[k], mo);
  }
  lv.unlock();
}

// An RMW that neither acquires nor publishes only collects the clock of what
// it reads for a later acquire fence: with a lone var this owner has already
// absorbed at an unchanged version, it takes no lock. (If the version moved
// under the RMW, the var's current clock is taken: at worst an edge from a
// release that came after the value read.)
template <class T>
T atomic_rmw(T *a, T v, unsigned mo, rmw op, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(!o || o->in_runtime)) return do_rmw(a, v, op);
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  if (!is_release(mo) && o->has_fence_release) fence_published(o);
  if (!owner_ignores(o, k_access_write)) access_range(o, addr, sizeof(T), k_access_write | k_access_atomic, pc);
  if (VIGIL_UNLIKELY(!is_user_address(addr))) return do_rmw(a, v, op);
  bool publishes = rmw_publishes(o, mo);
  uint32_t head = sync_word_head(addr);
  if (!publishes && !is_acquire(mo)) {
    if (head == 0) {
      T old = do_rmw(a, v, op);
      collect_if_var_appeared(o, addr, sizeof(T), mo);
      return old;
    }
    uint32_t idx[8];
    if (sync_overlapping(head, addr, sizeof(T), idx) == 1) {
      sync_var *s = sync_at(idx[0]);
      uint32_t version = __atomic_load_n(&s->version, __ATOMIC_ACQUIRE);
      if (seen(o, idx[0], version, false)) {
        T old = do_rmw(a, v, op);
        if (__atomic_load_n(&s->version, __ATOMIC_RELAXED) == version) return old;
        locked_vars lv;
        lock_overlapping(addr, sizeof(T), false, lv);
        rmw_clocks(o, lv, mo);
        lv.unlock();
        return old;
      }
    }
  }
  // An acquiring RMW cannot be redone if a release store raced with the
  // lookup: it always works under the vars' locks, and creates its own var
  // when there is none. (Without a var, a release store could create one and
  // store the value between our lookup and the RMW: the RMW would read a
  // released value and take no clock — a false race on a test-and-set lock.)
  locked_vars lv;
  lock_overlapping(addr, sizeof(T), publishes || is_acquire(mo), lv);
  rmw_announce(o, lv, mo);
  T old = do_rmw(a, v, op);
  rmw_clocks(o, lv, mo);
  lv.unlock();
  return old;
}

template <class T>
T atomic_cas(T *a, T expected, T desired, unsigned mo, unsigned fail_mo, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(!o || o->in_runtime)) {
    __atomic_compare_exchange_n(a, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
  }
  uintptr_t addr = reinterpret_cast<uintptr_t>(a);
  bool publishes = rmw_publishes(o, mo);
  if (!is_release(mo) && o->has_fence_release) fence_published(o);
  bool need_var = publishes || is_acquire(mo) || is_acquire(fail_mo);
  locked_vars lv;
  bool user = is_user_address(addr);
  // As for RMWs, an acquiring CAS creates its var: it cannot be redone.
  if (user && (need_var || sync_word_head(addr) != 0)) {
    lock_overlapping(addr, sizeof(T), need_var, lv);
    rmw_announce(o, lv, mo);
  }
  T old = expected;
  bool ok = __atomic_compare_exchange_n(a, &old, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  if (lv.n == 0) {
    if (user && !need_var) collect_if_var_appeared(o, addr, sizeof(T), mo);
  } else {
    if (ok) {
      rmw_clocks(o, lv, mo);
    } else {
      for (unsigned k = 0; k < lv.n; k++) {
        lv.v[k]->mu.assert_held();
        absorb(o, lv.v[k], fail_mo);
      }
    }
    lv.unlock();
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
  if (is_release(mo)) owner_fence_release(o);
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
  if (o && !o->in_runtime) thread_fence(o, mo);
  // The hardware fence the program asked for, no stronger: on x86 only a
  // seq_cst fence is an instruction (an mfence per acquire fence was half of
  // a fence-heavy loop's time).
  if (mo == mo_seq_cst) __atomic_thread_fence(__ATOMIC_SEQ_CST);
  else if (mo != mo_relaxed) __atomic_thread_fence(__ATOMIC_ACQ_REL);
}
void __vigil_atomic_signal_fence(uint32_t) { __atomic_signal_fence(__ATOMIC_SEQ_CST); }
