// text.cpp — text buffers and string helpers (text.h).
#include "text.h"

namespace vigil::base {

text_buffer &text_buffer::str(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) chr(s[i]);
  return *this;
}
text_buffer &text_buffer::str(const char *s) { return str(s, str_len(s)); }
text_buffer &text_buffer::chr(char c) {
  if (len_ + 1 < cap_) {
    buf_[len_++] = c;
    buf_[len_] = 0;
  } else if (cap_ >= 4) {
    buf_[cap_ - 4] = buf_[cap_ - 3] = buf_[cap_ - 2] = '.';
    buf_[cap_ - 1] = 0;
  }
  return *this;
}
static size_t format_dec(char *out, uint64_t v) {
  char tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}
static size_t format_hex(char *out, uint64_t v) {
  char tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  out[0] = '0';
  out[1] = 'x';
  for (size_t i = 0; i < n; i++) out[2 + i] = tmp[n - 1 - i];
  return n + 2;
}
text_buffer &text_buffer::dec(uint64_t v) {
  char tmp[24];
  return str(tmp, format_dec(tmp, v));
}
text_buffer &text_buffer::sdec(int64_t v) {
  if (v < 0) {
    chr('-');
    return dec(static_cast<uint64_t>(-(v + 1)) + 1);
  }
  return dec(static_cast<uint64_t>(v));
}
text_buffer &text_buffer::hex(uint64_t v) {
  char tmp[24];
  return str(tmp, format_hex(tmp, v));
}

// The length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0 if there is none.
static size_t utf8_sequence(const unsigned char *s) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  auto cont = [](unsigned char b) { return (b & 0xc0) == 0x80; };
  if (c >= 0xc2 && c <= 0xdf) return cont(s[1]) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
    return s[1] >= lo && s[1] <= hi && cont(s[2]) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
    return s[1] >= lo && s[1] <= hi && cont(s[2]) && cont(s[3]) ? 4 : 0;
  }
  return 0;
}

// A JSON string of s, always valid UTF-8 whatever s holds (a program name or
// a file name is any bytes): a byte that starts no well-formed sequence
// becomes the text \xNN (JSON "\\xNN"), like Python's repr of bytes.
template <class Out>
static void escape_json(Out &out, const char *s) {
  const char *hexd = "0123456789abcdef";
  out.chr('"');
  for (const auto *p = reinterpret_cast<const unsigned char *>(s); *p;) {
    unsigned char c = *p;
    if (c == '"' || c == '\\') {
      out.chr('\\');
      out.chr(static_cast<char>(c));
      p++;
    } else if (c < 0x20) {
      char esc[6] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15]};
      out.str(esc, 6);
      p++;
    } else if (size_t n = utf8_sequence(p)) {
      out.str(reinterpret_cast<const char *>(p), n);
      p += n;
    } else {
      char esc[5] = {'\\', '\\', 'x', hexd[c >> 4], hexd[c & 15]};
      out.str(esc, 5);
      p++;
    }
  }
  out.chr('"');
}
text_buffer &text_buffer::json_str(const char *s) {
  escape_json(*this, s);
  return *this;
}

dyn_text &dyn_text::str(const char *s, size_t n) {
  if (len_ + n + 1 > cap_) {
    size_t cap = cap_ ? cap_ * 2 : 256;
    while (cap < len_ + n + 1) cap *= 2;
    data_ = static_cast<char *>(internal_realloc(data_, cap));
    cap_ = cap;
  }
  mem_copy(data_ + len_, s, n);
  len_ += n;
  data_[len_] = 0;
  return *this;
}
dyn_text &dyn_text::str(const char *s) { return str(s, str_len(s)); }
dyn_text &dyn_text::dec(uint64_t v) {
  char tmp[24];
  return str(tmp, format_dec(tmp, v));
}
dyn_text &dyn_text::hex(uint64_t v) {
  char tmp[24];
  return str(tmp, format_hex(tmp, v));
}
dyn_text &dyn_text::json_str(const char *s) {
  escape_json(*this, s);
  return *this;
}

size_t str_len(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}
bool str_eq(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}
bool str_starts_with(const char *s, const char *prefix) {
  while (*prefix)
    if (*s++ != *prefix++) return false;
  return true;
}
char *str_dup(const char *s) {
  size_t n = str_len(s);
  char *p = static_cast<char *>(internal_alloc(n + 1));
  mem_copy(p, s, n + 1);
  return p;
}
// The runtime defines memcpy/memset itself (interceptors), so its own copies
// use the string instructions directly instead of calling them.
void mem_copy(void *dst, const void *src, size_t n) {
  asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}
void mem_zero(void *dst, size_t n) {
  asm volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(0) : "memory");
}

bool glob_match(const char *p, const char *t) {
  // Iterative matcher with one backtrack point for the last '*'.
  const char *star = nullptr, *resume = nullptr;
  while (*t) {
    if (*p == '*') {
      star = p++;
      resume = t;
    } else if (*p == '?' || *p == *t) {
      p++;
      t++;
    } else if (star) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (*p == '*') p++;
  return *p == 0;
}

}  // namespace vigil::base
