// format.cpp — stack frames and summaries as text and JSON.
#include "format.h"

#include <initializer_list>

#include "../base/options.h"

namespace vigil::report {

using base::g_options;
using base::str_len;
using base::str_starts_with;

void symbolize_stack(const uintptr_t *pcs, size_t n, stack_text *out) {
  size_t max = static_cast<size_t>(g_options.history_size);
  if (n > max) n = max;
  out->frames = static_cast<symbolized_frame *>(base::internal_alloc((n * 4 + 1) * sizeof(symbolized_frame)));
  out->n = 0;
  for (size_t i = 0; i < n; i++) {
    size_t k = base::symbolize_pc(pcs[i], false, out->frames + out->n, 4);
    for (size_t f = out->n; f < out->n + k; f++)
      if (str_starts_with(base_name(out->frames[f].module), "libvigil")) out->frames[f].file[0] = 0;
    out->n += k;
  }
}

namespace {

bool contains(const char *s, const char *part) {
  for (; *s; s++)
    if (str_starts_with(s, part)) return true;
  return false;
}

// vigil's own code: its public headers (inlined into the program) and its
// libraries; below a task's first frame, the closure's call through libstdc++.
bool vigil_frame(const symbolized_frame &f) {
  return contains(f.file, "/include/vigil/") || str_starts_with(base_name(f.module), "libvigil");
}
bool task_entry_frame(const symbolized_frame &f) {
  return vigil_frame(f) || str_starts_with(base_name(f.module), "libboost_context") ||
         contains(f.file, "/include/c++/");
}

}  // namespace

void trim_vigil_frames(stack_text *s) {
  size_t lo = 0, hi = s->n;
  while (lo < hi && vigil_frame(s->frames[lo])) lo++;
  if (lo == hi) return;  // nothing but vigil: keep it all
  // A task's stack ends in the library's entry function (libvigil, then
  // Boost.Context) and the closure's call through libstdc++'s invoke; the
  // detector's shadow stacks end in the invoke frames alone.
  while (hi - lo > 1 && task_entry_frame(s->frames[hi - 1])) hi--;
  if (lo == 0 && hi == s->n) return;
  for (size_t i = lo; i < hi; i++) s->frames[i - lo] = s->frames[i];
  s->n = hi - lo;
}

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
namespace {
// A frame of the system's code: a library installed in a system directory
// (libc, libstdc++, ...) or a system header inlined into the program — also
// the C++ library's headers, which live under the compiler's directory
// (/usr/lib/gcc/<triple>/12/../../../../include/c++/12/bits/std_mutex.h).
bool system_frame(const symbolized_frame &f) {
  for (const char *dir : {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/"})
    if (str_starts_with(f.module, dir)) return true;
  return str_starts_with(f.file, "/usr/include/") || str_starts_with(f.file, "/usr/lib/gcc/") ||
         contains(f.file, "/include/c++/");
}
}  // namespace

void summary_text(dyn_text &sum, const char *kind, const stack_text &s) {
  sum.str(kind);
  // The program's own frame, with its line if it has one: the first frame
  // of the program's code with a source file, else the first of its code,
  // else the first frame with a source file at all.
  const symbolized_frame *pick = nullptr;
  for (size_t i = 0; i < s.n && !pick; i++)
    if (!system_frame(s.frames[i]) && s.frames[i].file[0]) pick = &s.frames[i];
  for (size_t i = 0; i < s.n && !pick; i++)
    if (!system_frame(s.frames[i]) && (s.frames[i].function[0] || s.frames[i].module[0])) pick = &s.frames[i];
  for (size_t i = 0; i < s.n && !pick; i++)
    if (s.frames[i].file[0]) pick = &s.frames[i];
  if (!pick) return;
  const symbolized_frame &f = *pick;
  if (f.file[0]) {
    sum.chr(' ').str(strip_prefix(f.file)).chr(':').dec(static_cast<uint64_t>(f.line));
    if (f.column) sum.chr(':').dec(static_cast<uint64_t>(f.column));
  } else {
    sum.str(" (").str(f.module).chr('+').hex(f.offset).chr(')');
  }
  if (f.function[0]) sum.str(" in ").str(f.function);
}

}  // namespace vigil::report
