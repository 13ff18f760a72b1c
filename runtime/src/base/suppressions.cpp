// suppressions.cpp — parsing and matching suppression patterns.
#include "suppressions.h"

#include <errno.h>
#include <string.h>

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "options.h"

namespace vigil::base {
namespace {

struct suppression {
  suppression_kind kind;
  char *pattern;  // with '*' added around substring patterns
};
suppression *g_supp;
size_t g_nsupp, g_supp_cap;

void add(suppression_kind kind, const char *pat, size_t n) {
  bool has_star = false;
  for (size_t i = 0; i < n; i++) has_star |= pat[i] == '*';
  char *p = static_cast<char *>(internal_alloc(n + 3));
  size_t k = 0;
  if (!has_star) p[k++] = '*';
  mem_copy(p + k, pat, n);
  k += n;
  if (!has_star) p[k++] = '*';
  p[k] = 0;
  if (g_nsupp == g_supp_cap) {
    g_supp_cap = g_supp_cap ? g_supp_cap * 2 : 16;
    g_supp = static_cast<suppression *>(internal_realloc(g_supp, g_supp_cap * sizeof(suppression)));
  }
  g_supp[g_nsupp++] = {kind, p};
}

}  // namespace

bool suppressions_parse(const char *text, size_t size, const char *file_name, char *err, size_t err_size) {
  int line_no = 0;
  const char *p = text, *text_end = text + size;
  while (p < text_end) {
    line_no++;
    const char *line = p;
    while (p < text_end && *p != '\n' && *p != 0) p++;
    if (p < text_end && *p == 0) {
      text_buffer t(err, err_size);
      t.str("vigil: ").str(file_name).chr(':').dec(static_cast<uint64_t>(line_no))
          .str(": a NUL byte: not a text file of suppressions");
      return false;
    }
    const char *end = p;
    if (p < text_end) p++;
    while (line < end && (*line == ' ' || *line == '\t')) line++;
    while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    if (line == end || *line == '#') continue;
    const char *colon = line;
    while (colon < end && *colon != ':') colon++;
    struct { const char *name; suppression_kind kind; } kinds[] = {
        {"race", suppression_kind::race}, {"leak", suppression_kind::leak},
        {"deadlock", suppression_kind::deadlock}, {"misuse", suppression_kind::misuse}};
    bool ok = false;
    if (colon < end && colon + 1 < end) {
      for (auto &k : kinds) {
        size_t kl = str_len(k.name);
        if (static_cast<size_t>(colon - line) == kl && str_starts_with(line, k.name)) {
          add(k.kind, colon + 1, static_cast<size_t>(end - colon - 1));
          ok = true;
        }
      }
    }
    if (!ok) {
      text_buffer t(err, err_size);
      t.str("vigil: ").str(file_name).chr(':').dec(static_cast<uint64_t>(line_no))
          .str(": malformed suppression '").str(line, static_cast<size_t>(end - line))
          .str("' (expected race:, leak:, deadlock: or misuse: followed by a pattern)");
      return false;
    }
  }
  return true;
}

void suppressions_init() {
  const char *path = g_options.suppressions;
  if (!path[0]) return;
  // "vigil: cannot read suppressions file 'x' (Is a directory)", exit 2.
  auto fail = [path](const char *what) {
    const char *why = strerrordesc_np(errno);
    dyn_text t;
    t.str("vigil: cannot ").str(what).str(" suppressions file '").str(path).str("' (")
        .str(why ? why : "unknown error").str(")\n");
    raw_write(2, t.c_str(), t.size());
    _exit(2);
  };
  int fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC));
  if (fd < 0) fail("open");
  dyn_text content;
  char buf[4096];
  for (;;) {
    long n = syscall(SYS_read, fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("read");
    if (n == 0) break;
    content.str(buf, static_cast<size_t>(n));
  }
  syscall(SYS_close, fd);
  char err[1024];
  if (!suppressions_parse(content.c_str(), content.size(), path, err, sizeof err)) {
    raw_write_str(2, err);
    raw_write_str(2, "\n");
    _exit(2);
  }
}

void suppressions_clear() {
  for (size_t i = 0; i < g_nsupp; i++) internal_free(g_supp[i].pattern);
  g_nsupp = 0;
}

bool suppressed(suppression_kind kind, const char *name) {
  if (!name || !name[0]) return false;
  for (size_t i = 0; i < g_nsupp; i++)
    if (g_supp[i].kind == kind && glob_match(g_supp[i].pattern, name)) return true;
  return false;
}

size_t suppressions_count() { return g_nsupp; }

}  // namespace vigil::base
