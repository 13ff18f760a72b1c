// text.h — building text without the program's libc: fixed and growable
// buffers, string helpers (libc's string functions may be intercepted; these
// never are), glob matching.
#ifndef VIGIL_BASE_TEXT_H
#define VIGIL_BASE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

namespace vigil::base {

// Small fixed-capacity text buffer for building messages without allocation.
// Output past the capacity is dropped.
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

size_t str_len(const char *s);
bool str_eq(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);
char *str_dup(const char *s);  // internal_alloc'd
void mem_copy(void *dst, const void *src, size_t n);
void mem_zero(void *dst, size_t n);
// Glob match with '*' and '?' (suppressions).
bool glob_match(const char *pattern, const char *text);

}  // namespace vigil::base

#endif  // VIGIL_BASE_TEXT_H
