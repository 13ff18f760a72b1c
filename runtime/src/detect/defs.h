// defs.h — ground rules and basic tools of the detector runtime.
//
// The detector runs inside every instrumented program, underneath the code it
// watches. Hence, for everything in runtime/src/detect and runtime/src/report:
//  - no exceptions, no RTTI (enforced by the build flags);
//  - no global constructors that could run after user code starts: state is
//    constant-initialized or set up by init();
//  - no operator new / std containers: memory comes from internal_alloc (the
//    runtime's own heap on its own mappings, internal_alloc.cpp) or mmap;
//  - the access fast path does not allocate, lock, throw or call libc.
// Internal errors use VIGIL_CHECK (always on: raw message, then die); user
// mistakes get a report or an option error, never a VIGIL_CHECK.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define VIGIL_ALWAYS_INLINE inline __attribute__((always_inline))
#define VIGIL_NOINLINE __attribute__((noinline))
#define VIGIL_LIKELY(x) __builtin_expect(!!(x), 1)
#define VIGIL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define VIGIL_EXPORT extern "C" __attribute__((visibility("default")))

// Clang thread-safety analysis (-Wthread-safety).
#if defined(__clang__)
#define VIGIL_TSA(x) __attribute__((x))
#else
#define VIGIL_TSA(x)
#endif
#define VIGIL_CAPABILITY(x) VIGIL_TSA(capability(x))
#define VIGIL_GUARDED_BY(x) VIGIL_TSA(guarded_by(x))
#define VIGIL_PT_GUARDED_BY(x) VIGIL_TSA(pt_guarded_by(x))
#define VIGIL_REQUIRES(...) VIGIL_TSA(requires_capability(__VA_ARGS__))
#define VIGIL_ACQUIRE(...) VIGIL_TSA(acquire_capability(__VA_ARGS__))
#define VIGIL_RELEASE(...) VIGIL_TSA(release_capability(__VA_ARGS__))
#define VIGIL_TRY_ACQUIRE(...) VIGIL_TSA(try_acquire_capability(__VA_ARGS__))
#define VIGIL_EXCLUDES(...) VIGIL_TSA(locks_excluded(__VA_ARGS__))
#define VIGIL_SCOPED_CAPABILITY VIGIL_TSA(scoped_lockable)
#define VIGIL_NO_TSA VIGIL_TSA(no_thread_safety_analysis)

namespace vigil::detect {

[[noreturn]] void die_check(const char *cond, const char *file, int line);

#define VIGIL_CHECK(c)                                                         \
  do {                                                                         \
    if (VIGIL_UNLIKELY(!(c)))                                                  \
      ::vigil::detect::die_check(#c, __FILE__, __LINE__);                      \
  } while (0)
#ifdef NDEBUG
#define VIGIL_DCHECK(c) ((void)0)
#else
#define VIGIL_DCHECK(c) VIGIL_CHECK(c)
#endif

// Writes all of buf to fd with the raw system call (no stdio, no locks).
void raw_write(int fd, const char *buf, size_t len);
void raw_write_str(int fd, const char *s);

// Memory for the runtime's own structures; never tracked as user heap.
void *internal_alloc(size_t size);
void *internal_calloc(size_t n, size_t size);
void *internal_realloc(void *p, size_t size);
void internal_free(void *p);
// Address space the runtime's heap has taken (small-class chunks, never
// returned, and live large blocks): the runtime's memory statistics.
size_t internal_heap_bytes();
class text_buffer;
// Appends the classes holding 4 MiB or more, and the large blocks (verbosity).
void internal_heap_describe(text_buffer &t);
// A thread that is about to exit returns its cached free blocks.
void internal_alloc_thread_exit();
// Fork: no thread may hold an allocator lock across it.
void internal_alloc_lock_all() VIGIL_NO_TSA;
void internal_alloc_unlock_all() VIGIL_NO_TSA;
// Zeroed, page-aligned, lazily committed (MAP_NORESERVE) memory.
void *map_reserve(size_t size);
void unmap(void *p, size_t size);

// The runtime's lock: spins briefly, then sleeps on a futex (a thread that
// holds it may be preempted: with more threads than cores, spinning or
// yielding would burn the holder's time). It must not be a pthread mutex: the
// runtime's interceptors would see it. States: 0 free, 1 held, 2 held with
// sleepers.
class VIGIL_CAPABILITY("mutex") spin_mutex {
 public:
  constexpr spin_mutex() = default;
  void lock() VIGIL_ACQUIRE() {
    int expected = 0;
    if (VIGIL_LIKELY(__atomic_compare_exchange_n(&state_, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)))
      return;
    lock_slow();
  }
  void unlock() VIGIL_RELEASE() {
    if (VIGIL_UNLIKELY(__atomic_exchange_n(&state_, 0, __ATOMIC_RELEASE) == 2)) wake();
  }
  // Tells the thread-safety analysis that the caller holds this lock (for
  // locks handed over by a function, like sync_find's).
  void assert_held() const VIGIL_TSA(assert_capability(this)) {}
  bool try_lock() VIGIL_TRY_ACQUIRE(true) {
    int expected = 0;
    return __atomic_compare_exchange_n(&state_, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
  }

 private:
  void lock_slow();
  void wake();
  int state_ = 0;
};

class VIGIL_SCOPED_CAPABILITY spin_lock {
 public:
  explicit spin_lock(spin_mutex &m) VIGIL_ACQUIRE(m) : m_(m) { m_.lock(); }
  ~spin_lock() VIGIL_RELEASE() { m_.unlock(); }
  spin_lock(const spin_lock &) = delete;
  spin_lock &operator=(const spin_lock &) = delete;

 private:
  spin_mutex &m_;
};

// Small fixed-capacity text buffer for building messages without allocation.
// Output past the capacity is dropped (and marked with "...").
class text_buffer {
 public:
  text_buffer(char *storage, size_t capacity) : buf_(storage), cap_(capacity) {
    if (cap_) buf_[0] = 0;
  }
  text_buffer &str(const char *s);
  text_buffer &str(const char *s, size_t n);
  text_buffer &chr(char c);
  text_buffer &dec(uint64_t v);
  text_buffer &sdec(int64_t v);
  text_buffer &hex(uint64_t v);  // with 0x prefix
  text_buffer &json_str(const char *s);  // quoted, escaped
  const char *c_str() const { return buf_; }
  size_t size() const { return len_; }
  void clear() { len_ = 0; if (cap_) buf_[0] = 0; }

 private:
  char *buf_;
  size_t cap_;
  size_t len_ = 0;
};

// A growable byte string on internal memory, for report text (cold paths).
class dyn_text {
 public:
  dyn_text() = default;
  ~dyn_text() { internal_free(data_); }
  dyn_text(const dyn_text &) = delete;
  dyn_text &operator=(const dyn_text &) = delete;
  dyn_text &str(const char *s);
  dyn_text &str(const char *s, size_t n);
  dyn_text &chr(char c) { return str(&c, 1); }
  dyn_text &dec(uint64_t v);
  dyn_text &hex(uint64_t v);
  dyn_text &json_str(const char *s);
  const char *c_str() const { return data_ ? data_ : ""; }
  size_t size() const { return len_; }
  void clear() { len_ = 0; if (data_) data_[0] = 0; }

 private:
  char *data_ = nullptr;
  size_t len_ = 0;
  size_t cap_ = 0;
};

// Simple string helpers (libc's are intercepted; these are not).
size_t str_len(const char *s);
bool str_eq(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);
char *str_dup(const char *s);  // internal_alloc'd
void mem_copy(void *dst, const void *src, size_t n);
void mem_zero(void *dst, size_t n);
// Glob match with '*' and '?' (suppressions).
bool glob_match(const char *pattern, const char *text);

}  // namespace vigil::detect
