// format.cpp — stack frames and summaries as text and JSON.
#include "format.h"

#include "options.h"

namespace vigil::detect {

const char *strip_prefix(const char *file) {
  const char *prefix = g_options.strip_path_prefix;
  if (prefix[0] && str_starts_with(file, prefix)) return file + str_len(prefix);
  return file;
}

const char *base_name(const char *path) {
  const char *b = path;
  for (const char *p = path; *p; p++)
    if (*p == '/') b = p + 1;
  return b;
}

void write_frame_text(dyn_text &t, size_t index, const symbolized_frame &f) {
  t.str("    #").dec(index).chr(' ');
  if (f.function[0]) t.str(f.function);
  if (f.file[0]) {
    if (f.function[0]) t.chr(' ');
    t.str(strip_prefix(f.file)).chr(':').dec(static_cast<uint64_t>(f.line));
    if (f.column) t.chr(':').dec(static_cast<uint64_t>(f.column));
  }
  if (f.module[0]) {
    if (f.function[0] || f.file[0]) t.chr(' ');
    t.chr('(').str(base_name(f.module)).str("+").hex(f.offset).chr(')');
  }
  t.chr('\n');
}

void write_stack_text(dyn_text &t, const stack_text &s) {
  if (s.n == 0) {
    t.str("    <empty stack>\n");
    return;
  }
  for (size_t i = 0; i < s.n; i++) write_frame_text(t, i, s.frames[i]);
}

void write_stack_json(dyn_text &j, const stack_text &s) {
  j.chr('[');
  for (size_t i = 0; i < s.n; i++) {
    const symbolized_frame &f = s.frames[i];
    if (i) j.chr(',');
    j.str("{\"function\":").json_str(f.function).str(",\"file\":").json_str(strip_prefix(f.file))
        .str(",\"line\":").dec(static_cast<uint64_t>(f.line)).str(",\"column\":").dec(static_cast<uint64_t>(f.column))
        .str(",\"module\":").json_str(f.module).str(",\"offset\":\"").hex(f.offset).str("\"}");
  }
  j.chr(']');
}

// The summary: kind, then the first frame with a file (file:line:col in function).
void summary_text(dyn_text &sum, const char *kind, const stack_text &s) {
  sum.str(kind);
  for (size_t i = 0; i < s.n; i++) {
    const symbolized_frame &f = s.frames[i];
    if (!f.file[0]) continue;
    sum.chr(' ').str(strip_prefix(f.file)).chr(':').dec(static_cast<uint64_t>(f.line));
    if (f.column) sum.chr(':').dec(static_cast<uint64_t>(f.column));
    if (f.function[0]) sum.str(" in ").str(f.function);
    break;
  }
}


}  // namespace vigil::detect
