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

#include <vigil/detail/raw_lock.h>

#include "../base/check.h"
#include <vigil/detail/thread_safety.h>

namespace vigil::detect {

// CHECK, fatal and raw output are base's (base/check.h).
using ::vigil::base::fatal;
using ::vigil::base::raw_write;
using ::vigil::base::raw_write_str;

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

// The runtime's lock is the library's (vigil/detail/raw_lock.h): a futex
// mutex, never a pthread one (the interceptors would see it).
using ::vigil::detail::raw_lock;
using ::vigil::detail::raw_lock_guard;

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
