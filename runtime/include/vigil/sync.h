// sync.h — Go's sync package: wait_group, mutex, rw_mutex, once, sync_map.
//
// Example:
//
//   vigil::wait_group wg;
//   vigil::mutex mu;
//   std::map<std::string, int> counts;        // guarded by mu
//   for (auto& w : words) {
//     wg.add(1);
//     vigil::go([&, w] {
//       {
//         std::lock_guard lock(mu);           // mutex is Lockable
//         counts[w]++;
//       }
//       wg.done();   // last: once wait() returns, mu and counts may be gone
//     });
//   }
//   wg.wait();
//
//   static vigil::once init;                  // constexpr: fine as a static
//   init.call([] { load_config(); });
//
// mutex, rw_mutex, wait_group and once have constexpr constructors: like Go's
// zero values they need no initialization and work as statics. None of them
// is copyable or movable. Waiting parks the task (or blocks the thread).

#ifndef VIGIL_SYNC_H
#define VIGIL_SYNC_H

#include <vigil/detail/core.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

namespace vigil {

// wait_group — waits for a collection of tasks to finish (Go's sync.WaitGroup).
// add(n) before starting the work, done() when each piece ends, wait() blocks
// until the counter is zero.
//
// Misuse (fatal, exit 66): the counter goes negative ("negative WaitGroup
// counter"); add() with a positive delta from zero while wait() is waiting
// ("WaitGroup misuse: add called concurrently with wait"); reuse (a new add)
// before every wait() of the previous round has returned ("WaitGroup is reused
// before previous wait has returned").
//
// Happens-before: every done() (every add that brings the counter to zero)
// happens before the return of the wait() it releases.
class wait_group {
 public:
  constexpr wait_group() noexcept = default;
  wait_group(const wait_group&) = delete;
  wait_group& operator=(const wait_group&) = delete;

  // add — adds delta (may be negative) to the counter; at zero, releases every waiter.
  VIGIL_API void add(int delta) noexcept;
  // done — add(-1).
  void done() noexcept { add(-1); }
  // wait — blocks until the counter is zero. Returns at once if it is.
  VIGIL_API void wait() noexcept;

 private:
  friend struct detail::sync_access;
  // High 32 bits: counter; low 32 bits: number of waiters.
  std::atomic<std::uint64_t> state_{0};
  detail::sema sema_{};
  // Where the last done() (add with a negative delta) was called: when a
  // done() makes the counter negative, the one before it brought the counter
  // to zero, and the report shows it. Reports only.
  std::atomic<const void*> last_done_at_{nullptr};
};

// mutex — mutual exclusion (Go's sync.Mutex); Lockable, so std::lock_guard,
// std::unique_lock and std::scoped_lock work. Not recursive, and not owned by
// a task: any task may unlock it (as in Go). Waiters are woken in FIFO order;
// a woken waiter competes with newly arriving lockers (throughput first, with
// a woken waiter that lost once queued at the front).
//
// Misuse (fatal, exit 66): "unlock of an unlocked mutex".
// Happens-before: the n-th unlock() happens before the m-th lock() returns, n < m.
// A failed try_lock() synchronizes with nothing.
// Deadlocks: the task or thread that locked it is its holder; tasks that wait
// for each other's mutexes in a cycle are reported while the rest of the
// program runs on (an unlock by another task, which Go allows, is not
// foreseen: the holder is who locked it).
class mutex {
 public:
  constexpr mutex() noexcept = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  // lock — acquires; parks while another holder has it.
  // Always inline (lock, try_lock, unlock): the detector names the
  // acquisition by its place in the program, the return address of its hook.
  [[gnu::always_inline]] void lock() noexcept {
    std::uint32_t expected = 0;
    if (!state_.compare_exchange_strong(expected, kLocked, std::memory_order_acquire,
                                        std::memory_order_relaxed))
      lock_slow();
    holder_.store(detail::self_id(), std::memory_order_relaxed);
    detail::event_locked(this, 0);
  }
  // try_lock — acquires if free, never blocks.
  [[gnu::always_inline]] bool try_lock() noexcept {
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    while (!(s & kLocked))
      if (state_.compare_exchange_weak(s, s | kLocked, std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
        holder_.store(detail::self_id(), std::memory_order_relaxed);
        detail::event_locked(this, detail::kLockTry);
        return true;
      }
    return false;
  }
  // unlock — releases; wakes one waiter if any.
  [[gnu::always_inline]] void unlock() noexcept {
    detail::event_unlocking(this, 0);
    // Where the previous unlock was, for an "unlock of an unlocked mutex"
    // report; recorded while still locked (after the release the mutex may
    // be gone).
    const void* previous = unlocked_at_.load(std::memory_order_relaxed);
    unlocked_at_.store(detail::code_address(), std::memory_order_relaxed);
    // One atomic whatever the state: a waiter to wake (or a misuse) is
    // found in the bits around kLocked.
    std::uint32_t old = state_.fetch_sub(kLocked, std::memory_order_release);
    if (old != kLocked) unlock_slow(old, previous);
  }

 private:
  // kWoken: a waiter is awake (woken by unlock, or spinning) and about to
  // retry, so unlock need not wake another one (Go's mutexWoken).
  static constexpr std::uint32_t kLocked = 1, kWaiters = 2, kWoken = 4;
  VIGIL_API void lock_slow() noexcept;
  // After an unlock's fetch_sub found `old` (not plain kLocked): reports the
  // misuse of an unlocked mutex, or wakes a waiter if one needs waking.
  VIGIL_API void unlock_slow(std::uint32_t old, const void* previous_unlock = nullptr) noexcept;
  // lock(), parked as `why` says (a once's callers wait in kWaitOnce).
  void lock_waiting_in(int why) noexcept;
  // lock(), try_lock() and unlock() that announce nothing to the detector:
  // rw_mutex announces its writer itself, at its caller's place.
  void lock_unannounced() noexcept;
  bool try_lock_unannounced() noexcept;
  void unlock_unannounced() noexcept;
  friend class rw_mutex;
  static void lock_slow_parked_as(mutex* self, detail::wait_reason why) noexcept;
  friend class once;
  friend struct detail::sync_access;
  std::atomic<std::uint32_t> state_{0};
  detail::wait_queue q_{};
  // detail::self_id() of the last locker, stored right after it acquired:
  // while kLocked is set, the holder (or, for the few instructions between
  // the acquiring CAS and this store, the one before: the deadlock check
  // confirms a cycle on a second look). Read by deadlock reports only.
  std::atomic<std::uint64_t> holder_{0};
  // Where the last unlock() was called (reports only).
  std::atomic<const void*> unlocked_at_{nullptr};
};

// rw_mutex — a reader/writer mutex (Go's sync.RWMutex); SharedLockable, so
// std::shared_lock works. Writers are preferred: a blocked lock() holds back
// new lock_shared() calls, so a writer is never starved by a stream of readers
// (and a reader that takes the lock recursively can deadlock, as in Go).
//
// Misuse (fatal, exit 66): "unlock of an unlocked rw_mutex" (unlock without
// lock), "unlock_shared of an unlocked rw_mutex" (without a lock_shared).
// Happens-before: unlock() happens before every later lock() and lock_shared();
// unlock_shared() happens before every later lock().
class rw_mutex {
 public:
  constexpr rw_mutex() noexcept = default;
  rw_mutex(const rw_mutex&) = delete;
  rw_mutex& operator=(const rw_mutex&) = delete;

  VIGIL_API void lock() noexcept;
  VIGIL_API bool try_lock() noexcept;
  VIGIL_API void unlock() noexcept;
  VIGIL_API void lock_shared() noexcept;
  VIGIL_API bool try_lock_shared() noexcept;
  VIGIL_API void unlock_shared() noexcept;

 private:
  static constexpr std::int32_t kMaxReaders = 1 << 30;
  friend struct detail::sync_access;
  mutex w_{};                                 // held by the writer, keeps writers in line
  std::atomic<std::int32_t> readers_{0};      // readers in or waiting; minus kMaxReaders while a writer is pending
  std::atomic<std::int32_t> departing_{0};    // readers the pending writer still waits for
  detail::sema writer_sem_{};                 // the writer waits here for departing readers
  detail::sema reader_sem_{};                 // readers wait here for the writer
  // Where the last unlock() and unlock_shared() were called, for the report
  // of one too many (reports only; concurrent readers overwrite each other's).
  std::atomic<const void*> unlocked_at_{nullptr};
  std::atomic<const void*> unlocked_shared_at_{nullptr};
};

// once — runs a function exactly once (Go's sync.Once / std::call_once).
// call(f): the first caller runs f(); concurrent callers block until it has
// returned; later callers return at once. If f throws, the exception
// propagates and the once is not done: the next call() runs its function
// (std::call_once's rule; Go has no exceptions).
//
// Misuse (fatal, exit 66): call() from inside the once's own function (Go
// deadlocks there; vigil names it).
// Happens-before: the return of the function happens before every call() returns.
class once {
 public:
  constexpr once() noexcept = default;
  once(const once&) = delete;
  once& operator=(const once&) = delete;

  template <class F>
  void call(F&& f) {
    if (done_.load(std::memory_order_acquire)) {
      detail::event_acquire(this);
      return;
    }
    if (!enter()) return;
    struct guard {
      once* o;
      bool ok = false;
      ~guard() { o->leave(ok); }
    } g{this};
    std::invoke(std::forward<F>(f));
    g.ok = true;
  }
  bool done() const noexcept { return done_.load(std::memory_order_acquire); }

 private:
  VIGIL_API bool enter() noexcept;        // true: the caller must run the function
  VIGIL_API void leave(bool ran) noexcept;
  friend struct detail::sync_access;
  std::atomic<bool> done_{false};
  mutex m_{};
  const void* runner_ = nullptr;  // who runs the function; guarded by m_
};

// sync_map — a concurrent map (Go's sync.Map), safe for any mix of tasks and
// threads. Sharded under rw_mutexes: reads of different keys proceed in
// parallel. V must be copyable (values are returned by copy).
//
// Happens-before: a store (or any write of a value: load_or_store, swap,
// compare_and_swap) happens before every later operation that observes the
// value it wrote, and nothing else: operations on other keys, or on a key
// that is absent, are not ordered by the map (its shard locks are not edges;
// an erase is not observed by a later load that misses). Under detection,
// the map's own work is not checked (its tables are only touched under
// their locks), including the K and V constructors, Hash and Eq it calls;
// range's f is checked.
template <class K, class V, class Hash = std::hash<K>, class Eq = std::equal_to<K>>
class sync_map {
 public:
  sync_map() = default;
  sync_map(const sync_map&) = delete;
  sync_map& operator=(const sync_map&) = delete;

  // load — the value for k, if present.
  std::optional<V> load(const K& k) const {
    read_guard g(shard(k));
    auto it = g.s.m.find(k);
    if (it == g.s.m.end()) return std::nullopt;
    observe(it->second);
    return it->second;
  }
  // store — sets k's value.
  void store(const K& k, V v) {
    write_guard g(shard(k));
    publish(g.s.m.insert_or_assign(k, std::move(v)).first->second);
  }
  // load_or_store — the existing value and true, or stores v and returns it and false.
  std::pair<V, bool> load_or_store(const K& k, V v) {
    write_guard g(shard(k));
    auto [it, inserted] = g.s.m.try_emplace(k, std::move(v));
    if (inserted)
      publish(it->second);
    else
      observe(it->second);
    return {it->second, !inserted};
  }
  // load_and_delete — removes k, returning its value if it was present.
  std::optional<V> load_and_delete(const K& k) {
    write_guard g(shard(k));
    auto it = g.s.m.find(k);
    if (it == g.s.m.end()) return std::nullopt;
    observe(it->second);
    std::optional<V> out(std::move(it->second));
    g.s.m.erase(it);
    return out;
  }
  // erase — removes k if present.
  void erase(const K& k) {
    write_guard g(shard(k));
    g.s.m.erase(k);
  }
  // swap — stores v, returning the previous value if there was one.
  std::optional<V> swap(const K& k, V v) {
    write_guard g(shard(k));
    auto it = g.s.m.find(k);
    if (it == g.s.m.end()) {
      publish(g.s.m.emplace(k, std::move(v)).first->second);
      return std::nullopt;
    }
    observe(it->second);
    std::optional<V> prev(std::exchange(it->second, std::move(v)));
    publish(it->second);
    return prev;
  }
  // compare_and_swap — replaces k's value with desired if it equals old.
  bool compare_and_swap(const K& k, const V& old, V desired) {
    write_guard g(shard(k));
    auto it = g.s.m.find(k);
    if (it == g.s.m.end()) return false;
    observe(it->second);
    if (!(it->second == old)) return false;
    it->second = std::move(desired);
    publish(it->second);
    return true;
  }
  // compare_and_delete — removes k if its value equals old.
  bool compare_and_delete(const K& k, const V& old) {
    write_guard g(shard(k));
    auto it = g.s.m.find(k);
    if (it == g.s.m.end()) return false;
    observe(it->second);
    if (!(it->second == old)) return false;
    g.s.m.erase(it);
    return true;
  }
  // range — calls f(key, value) for each entry until f returns false. Like Go's
  // Range, it is not a snapshot: each shard is visited under its read lock, so
  // f must not write to this map (that would deadlock on the shard's lock).
  template <class F>
  void range(F&& f) const {
    for (auto& s : shards_) {
      read_guard g(s);
      for (auto& [k, v] : s.m) {
        observe(v);
        // f is the program's code: its accesses are checked.
        detail::event_quiet(detail::kQuietAccesses, false);
        bool more = f(k, v);
        detail::event_quiet(detail::kQuietAccesses, true);
        if (!more) return;
      }
    }
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct alignas(64) shard_t {
    mutable rw_mutex mu;
    std::unordered_map<K, V, Hash, Eq> m;  // guarded by mu
  };
  // The shard locks and hash tables are the map's bookkeeping, invisible to
  // the detector: the locks are no edges, the tables' accesses (always under
  // the lock) are not checked. The program's edges go through each value's
  // address (publish -> observe), so keys that share a shard stay
  // unordered, as in Go.
  static void enter_shard() noexcept {
    detail::event_quiet(detail::kQuietEdges | detail::kQuietAccesses, true);
  }
  static void locked_shard() noexcept { detail::event_quiet(detail::kQuietEdges, false); }
  static void unlocking_shard() noexcept { detail::event_quiet(detail::kQuietEdges, true); }
  static void left_shard() noexcept {
    detail::event_quiet(detail::kQuietEdges | detail::kQuietAccesses, false);
  }
  struct read_guard {
    const shard_t& s;
    explicit read_guard(const shard_t& sh) noexcept : s(sh) {
      enter_shard();
      s.mu.lock_shared();
      locked_shard();
    }
    ~read_guard() {
      unlocking_shard();
      s.mu.unlock_shared();
      left_shard();
    }
  };
  struct write_guard {
    shard_t& s;
    explicit write_guard(shard_t& sh) noexcept : s(sh) {
      enter_shard();
      s.mu.lock();
      locked_shard();
    }
    ~write_guard() {
      unlocking_shard();
      s.mu.unlock();
      left_shard();
    }
  };
  static void publish(const V& v) noexcept { detail::event_release(&v); }
  static void observe(const V& v) noexcept { detail::event_acquire(&v); }
  shard_t& shard(const K& k) const {
    std::size_t h = Hash{}(k);
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return shards_[(h >> 58) % kShards];
  }
  mutable shard_t shards_[kShards];
};

}  // namespace vigil

#endif  // VIGIL_SYNC_H
