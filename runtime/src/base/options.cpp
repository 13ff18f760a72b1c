// options.cpp — parsing VIGIL_OPTIONS.
#include "options.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

namespace vigil::base {

options g_options;

namespace {

bool parse_int(const char *v, size_t n, int *out) {
  if (n == 0 || n > 9) return false;
  int x = 0;
  size_t i = 0;
  bool neg = v[0] == '-';
  if (neg) i = 1;
  if (i == n) return false;
  for (; i < n; i++) {
    if (v[i] < '0' || v[i] > '9') return false;
    x = x * 10 + (v[i] - '0');
  }
  *out = neg ? -x : x;
  return true;
}

bool parse_bool(const char *v, size_t n, bool *out) {
  auto is = [&](const char *s) { return str_len(s) == n && str_starts_with(v, s); };
  if (is("1") || is("true")) return *out = true, true;
  if (is("0") || is("false")) return *out = false, true;
  return false;
}

bool in_range(const char *name, int v, char *err, size_t err_size) {
  struct range { const char *name; int lo, hi; };
  static const range ranges[] = {
      {"exitcode", 0, 255}, {"history_size", 1, 4096}, {"verbosity", 0, 3}, {"leak_grace_ms", 0, 60000}};
  for (const range &r : ranges) {
    if (str_eq(r.name, name) && (v < r.lo || v > r.hi)) {
      text_buffer t(err, err_size);
      t.str("vigil: bad value for option '").str(name).str("' in VIGIL_OPTIONS: ").sdec(v)
          .str(" (expected ").sdec(r.lo).str("..").sdec(r.hi).str(")");
      return false;
    }
  }
  return true;
}

}  // namespace

bool parse_options(const char *text, options *out, char *err, size_t err_size) {
  const char *p = text ? text : "";
  while (*p) {
    if (*p == ':' || *p == ' ') {
      p++;
      continue;
    }
    const char *key = p;
    while (*p && *p != '=' && *p != ':') p++;
    size_t klen = static_cast<size_t>(p - key);
    if (*p != '=') {
      text_buffer t(err, err_size);
      t.str("vigil: option '").str(key, klen).str("' in VIGIL_OPTIONS has no value (expected key=value)");
      return false;
    }
    const char *val = ++p;
    while (*p && *p != ':') p++;
    size_t vlen = static_cast<size_t>(p - val);
    char name[64];
    if (klen >= sizeof name) klen = sizeof name - 1;
    mem_copy(name, key, klen);
    name[klen] = 0;
    bool known = false, ok = true;
    const char *type = "";
#define VIGIL_PARSE_int(fname)                                                 \
  {                                                                            \
    int x;                                                                     \
    type = "an integer";                                                       \
    ok = parse_int(val, vlen, &x);                                             \
    if (ok) {                                                                  \
      if (!in_range(#fname, x, err, err_size)) return false;                   \
      out->fname = x;                                                          \
    }                                                                          \
  }
#define VIGIL_PARSE_bool(fname)                                                \
  {                                                                            \
    type = "0, 1, true or false";                                              \
    ok = parse_bool(val, vlen, &out->fname);                                   \
  }
#define VIGIL_PARSE_string(fname)                                              \
  {                                                                            \
    char *s = static_cast<char *>(internal_alloc(vlen + 1));                   \
    mem_copy(s, val, vlen);                                                    \
    s[vlen] = 0;                                                               \
    out->fname = s;                                                            \
  }
#define VIGIL_FLAG(type_, fname, def, desc)                                    \
  if (!known && str_eq(name, #fname)) {                                        \
    known = true;                                                              \
    VIGIL_PARSE_##type_(fname)                                                 \
  }
#include "flags.def"
#undef VIGIL_FLAG
    if (!known) {
      text_buffer t(err, err_size);
      t.str("vigil: unknown option '").str(name).str("' in VIGIL_OPTIONS (known: ");
      bool first = true;
#define VIGIL_FLAG(type_, fname, def, desc) t.str(first ? "" : ", ").str(#fname), first = false;
#include "flags.def"
#undef VIGIL_FLAG
      t.str(")");
      return false;
    }
    if (!ok) {
      text_buffer t(err, err_size);
      t.str("vigil: bad value '").str(val, vlen).str("' for option '").str(name)
          .str("' in VIGIL_OPTIONS (expected ").str(type).str(")");
      return false;
    }
  }
  return true;
}

namespace {
// The process's initial environment, read from /proc/self/environ: for a
// start-up that runs before the C library has set `environ` (the runtime
// started by an instrumented .preinit_array function). Entries are
// NUL-separated in the buffer.
char g_initial_env[64 * 1024];
size_t g_initial_env_size;

const char *initial_env_get(const char *name) {
  if (g_initial_env_size == 0) {
    int fd = static_cast<int>(syscall(SYS_open, "/proc/self/environ", O_RDONLY | O_CLOEXEC));
    if (fd < 0) return nullptr;
    size_t n = 0;
    for (;;) {
      long r = syscall(SYS_read, fd, g_initial_env + n, sizeof g_initial_env - 1 - n);
      if (r <= 0) break;
      n += static_cast<size_t>(r);
      if (n == sizeof g_initial_env - 1) break;  // a larger environment is cut; VIGIL_OPTIONS is usually early
    }
    syscall(SYS_close, fd);
    g_initial_env[n] = 0;
    g_initial_env_size = n;
  }
  size_t len = str_len(name);
  for (size_t i = 0; i < g_initial_env_size;) {
    const char *e = g_initial_env + i;
    size_t elen = str_len(e);
    if (elen > len && e[len] == '=' && __builtin_memcmp(e, name, len) == 0) return e + len + 1;
    i += elen + 1;
  }
  return nullptr;
}
}  // namespace

const char *env_get(const char *name) { return environ ? getenv(name) : initial_env_get(name); }

void init_options_from_env() {
  char err[512];
  if (!parse_options(env_get("VIGIL_OPTIONS"), &g_options, err, sizeof err)) {
    raw_write_str(2, err);
    raw_write_str(2, "\n");
    _exit(2);
  }
}

}  // namespace vigil::base
