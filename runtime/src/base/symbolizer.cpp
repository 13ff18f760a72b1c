// symbolizer.cpp — llvm-symbolizer over pipes.
#include "symbolizer.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <new>

#include <vigil/detail/raw_lock.h>

#include "alloc.h"
#include "options.h"
#include "process.h"

extern char **environ;

namespace vigil::base {
namespace {

using ::vigil::detail::raw_lock;
using ::vigil::detail::raw_lock_guard;

// Is this LD_PRELOAD item one of vigil's runtimes?
bool is_vigil_runtime(const char *item, size_t len) {
  size_t base = len;
  while (base > 0 && item[base - 1] != '/') base--;
  static const char kPrefix[] = "libvigil";
  return len - base >= sizeof kPrefix - 1 && __builtin_memcmp(item + base, kPrefix, sizeof kPrefix - 1) == 0;
}

// The symbolizer's environment: the program's, minus vigil's runtimes in
// LD_PRELOAD (a program started with the detector preloaded would otherwise
// run its symbolizer under detection too). Null: out of memory. The array and
// the new LD_PRELOAD string are internal_alloc'd; free with free_environment.
char **symbolizer_environment() {
  size_t n = 0;
  while (environ[n]) n++;
  auto **env = static_cast<char **>(internal_alloc((n + 1) * sizeof(char *)));
  if (!env) return nullptr;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const char *e = environ[i];
    static const char kVar[] = "LD_PRELOAD=";
    if (!str_starts_with(e, kVar)) {
      env[k++] = environ[i];
      continue;
    }
    // Items are separated by spaces or colons (ld.so(8)).
    const char *items = e + sizeof kVar - 1;
    char *kept = static_cast<char *>(internal_alloc(str_len(e) + 1));
    if (!kept) continue;
    size_t out = 0;
    mem_copy(kept, kVar, sizeof kVar - 1);
    out = sizeof kVar - 1;
    for (const char *p = items; *p;) {
      const char *end = p;
      while (*end && *end != ' ' && *end != ':') end++;
      size_t len = static_cast<size_t>(end - p);
      if (len && !is_vigil_runtime(p, len)) {
        if (out > sizeof kVar - 1) kept[out++] = ':';
        mem_copy(kept + out, p, len);
        out += len;
      }
      p = *end ? end + 1 : end;
    }
    kept[out] = 0;
    env[k++] = kept;  // possibly "LD_PRELOAD=": harmless, and freed below
  }
  env[k] = nullptr;
  return env;
}

void free_environment(char **env) {
  for (size_t i = 0; env[i]; i++)
    if (str_starts_with(env[i], "LD_PRELOAD=")) internal_free(env[i]);
  internal_free(env);
}

// The child and its pipes are the process's (process.h): one symbolizer for
// both link units.
char g_exe[4096];  // written once (the first byte last), then only read

bool executable(const char *path) { return syscall(SYS_access, path, X_OK) == 0; }

// Finds the symbolizer: option, then llvm-symbolizer-19 on PATH, then LLVM 19's directory.
bool find_symbolizer(char *out, size_t size) {
  if (g_options.symbolizer_path[0]) {
    text_buffer(out, size).str(g_options.symbolizer_path);
    return executable(out);
  }
  const char *path = env_get("PATH");
  static const char *const names[] = {"llvm-symbolizer-19"};
  for (const char *name : names) {
    const char *p = path ? path : "";
    while (*p) {
      const char *end = p;
      while (*end && *end != ':') end++;
      text_buffer t(out, size);
      t.str(p, static_cast<size_t>(end - p)).chr('/').str(name);
      if (end > p && executable(out)) return true;
      p = *end ? end + 1 : end;
    }
  }
  text_buffer(out, size).str("/usr/lib/llvm-19/bin/llvm-symbolizer");
  return executable(out);
}

bool start_symbolizer(process_state &ps) VIGIL_REQUIRES(ps.sym_mu) {
  pid_t self = static_cast<pid_t>(syscall(SYS_getpid));
  if (ps.to_sym >= 0 && ps.sym_parent != self) {
    // A forked child (of a program the detector's fork interceptor did not
    // see: a library-only build): the pipes lead to the parent's
    // symbolizer, whose answers the parent reads. Start our own.
    syscall(SYS_close, ps.to_sym);
    syscall(SYS_close, ps.from_sym);
    ps.to_sym = ps.from_sym = -1;
  }
  if (ps.to_sym >= 0) return true;
  if (ps.sym_failed) return false;
  char path[512];
  if (!find_symbolizer(path, sizeof path)) {
    ps.sym_failed = true;
    char msg[700];
    text_buffer t(msg, sizeof msg);
    if (g_options.symbolizer_path[0])
      t.str("vigil: symbolizer_path '").str(g_options.symbolizer_path).str("' is not an executable file; ");
    else
      t.str("vigil: llvm-symbolizer-19 not found on PATH nor in /usr/lib/llvm-19/bin; ");
    t.str("stacks show module+offset only (install llvm-19 or set VIGIL_OPTIONS=symbolizer_path=...)\n");
    raw_write(2, t.c_str(), t.size());
    return false;
  }
  int in[2], out[2];
  if (syscall(SYS_pipe2, in, O_CLOEXEC) != 0) return ps.sym_failed = true, false;
  if (syscall(SYS_pipe2, out, O_CLOEXEC) != 0) return ps.sym_failed = true, false;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  char arg_inlines[] = "--inlines", arg_demangle[] = "--demangle", arg_style[] = "--output-style=LLVM";
  char *argv[] = {path, arg_inlines, arg_demangle, arg_style, nullptr};
  pid_t pid;
  char **env = symbolizer_environment();
  int rc = env ? posix_spawn(&pid, path, &fa, nullptr, argv, env) : ENOMEM;
  if (env) free_environment(env);
  posix_spawn_file_actions_destroy(&fa);
  syscall(SYS_close, in[0]);
  syscall(SYS_close, out[1]);
  if (rc != 0) {
    syscall(SYS_close, in[1]);
    syscall(SYS_close, out[0]);
    ps.sym_failed = true;
    raw_write_str(2, "vigil: could not start llvm-symbolizer; stacks show module+offset only\n");
    return false;
  }
  ps.sym_pid = pid;
  ps.sym_parent = self;
  ps.to_sym = reserved_fd(in[1]);
  ps.from_sym = reserved_fd(out[0]);
  return true;
}

// Reads one response (terminated by an empty line) into buf. A response
// longer than buf (deep inlining with long template names can pass 8 KiB) is
// read to its end all the same — the symbolizer stays in step — and buf
// keeps its first frames: whole (function, location) line pairs, then the
// empty line.
bool read_response(process_state &ps, char *buf, size_t size) VIGIL_REQUIRES(ps.sym_mu) {
  size_t len = 0;
  bool overflow = false;
  char last[2] = {0, 0};  // the stream's last two bytes so far
  char scratch[1024];
  for (;;) {
    if (!overflow && len + 1 >= size) overflow = true;
    char *dst = overflow ? scratch : buf + len;
    size_t room = overflow ? sizeof scratch : size - 1 - len;
    long n = syscall(SYS_read, ps.from_sym, dst, room);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    if (!overflow) {
      len += static_cast<size_t>(n);
      buf[len] = 0;
    }
    if (n >= 2) {
      last[0] = dst[n - 2];
      last[1] = dst[n - 1];
    } else {
      last[0] = last[1];
      last[1] = dst[0];
    }
    // The response ends with an empty line (or is one, for an empty answer).
    bool done = last[0] == '\n' && last[1] == '\n';
    if (!overflow && len == 1 && buf[0] == '\n') done = true;
    if (!done) continue;
    if (overflow) {
      // Keep whole line pairs only, then the terminating empty line.
      size_t keep = 0, lines = 0;
      for (size_t i = 0; i + 1 < size && buf[i]; i++)
        if (buf[i] == '\n' && ++lines % 2 == 0) keep = i + 1;
      buf[keep] = '\n';
      buf[keep + 1] = 0;
    }
    return true;
  }
}

bool query(process_state &ps, const char *request, char *response, size_t size) VIGIL_REQUIRES(ps.sym_mu) {
  if (!start_symbolizer(ps)) return false;
  raw_write(ps.to_sym, request, str_len(request));
  if (!read_response(ps, response, size)) {
    syscall(SYS_close, ps.to_sym);
    syscall(SYS_close, ps.from_sym);
    ps.to_sym = ps.from_sym = -1;
    ps.sym_failed = true;
    raw_write_str(2, "vigil: llvm-symbolizer stopped answering; stacks show module+offset only\n");
    return false;
  }
  return true;
}

struct module_lookup {
  uintptr_t pc;
  const char *name;
  uintptr_t base;
  bool found;
};

int find_module(struct dl_phdr_info *info, size_t, void *data) {
  auto *m = static_cast<module_lookup *>(data);
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
    if (m->pc >= lo && m->pc < lo + ph.p_memsz) {
      m->name = info->dlpi_name;
      m->base = info->dlpi_addr;
      m->found = true;
      return 1;
    }
  }
  return 0;
}

// The module holding pc: its full path (the loader's string, or the
// executable's from /proc/self/exe; "... (deleted)" if the file was removed
// since), a copy for reports (a longer path keeps its end: "..." and the
// last size - 4 bytes, so the file name survives), and pc's offset in it.
bool module_of(uintptr_t pc, const char **full, char *name, size_t size, uintptr_t *offset) {
  module_lookup m{pc, nullptr, 0, false};
  dl_iterate_phdr(find_module, &m);
  if (!m.found) return false;
  if (m.name == nullptr || m.name[0] == 0) {
    if (__atomic_load_n(&g_exe[0], __ATOMIC_ACQUIRE) == 0) {
      char path[sizeof g_exe];
      long n = syscall(SYS_readlink, "/proc/self/exe", path, sizeof path - 1);
      if (n <= 0) return false;
      path[n] = 0;
      mem_copy(g_exe + 1, path + 1, static_cast<size_t>(n));  // the first byte last: readers check it
      __atomic_store_n(&g_exe[0], path[0], __ATOMIC_RELEASE);
    }
    *full = g_exe;
  } else {
    *full = m.name;
  }
  size_t len = str_len(*full);
  if (len < size) text_buffer(name, size).str(*full);
  else text_buffer(name, size).str("...").str(*full + len - (size - 4));
  *offset = pc - m.base;
  return true;
}

// The request for the symbolizer: "CODE "<module>" 0x<offset>" (quoted: a
// path may contain spaces; any length). A deleted executable is still
// readable through /proc/<pid>/exe.
void symbolizer_request(dyn_text &r, const char *command, const char *module, uintptr_t offset) {
  r.str(command).str(" \"");
  static const char kDeleted[] = " (deleted)";
  size_t len = str_len(module), dl = sizeof kDeleted - 1;
  if (module == g_exe && len > dl && str_eq(module + len - dl, kDeleted))
    r.str("/proc/").dec(static_cast<uint64_t>(syscall(SYS_getpid))).str("/exe");
  else
    r.str(module);
  r.str("\" ").hex(offset).chr('\n');
}

// Says once per module (the last few remembered; sym_mu held) that a module whose frames
// came back unknown cannot be read, and why: "vigil: cannot read
// '/x/libfoo.so' (Permission denied): its frames show module+offset".
void note_unreadable(const char *module) {
  static uint64_t said[16];
  static unsigned next;
  uint64_t h = 1469598103934665603ull;
  for (const char *c = module; *c; c++) h = (h ^ static_cast<unsigned char>(*c)) * 1099511628211ull;
  for (uint64_t s : said)
    if (s == h) return;
  said[next++ % 16] = h;
  long fd = syscall(SYS_openat, AT_FDCWD, module, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    syscall(SYS_close, fd);
    return;  // readable: no debug information, nothing to say
  }
  const char *why = strerrordesc_np(errno);
  dyn_text t;
  t.str("vigil: cannot read '").str(module).str("' (").str(why ? why : "unknown error")
      .str("): its frames show module+offset\n");
  raw_write(2, t.c_str(), t.size());
}

// Copies one line from *p into out; advances *p past the newline.
void take_line(const char **p, char *out, size_t size) {
  text_buffer t(out, size);
  while (**p && **p != '\n') t.chr(*(*p)++);
  if (**p == '\n') (*p)++;
}

int parse_int(const char *s) {
  int v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return v;
}

}  // namespace

size_t symbolize_pc(uintptr_t pc, bool exact, symbolized_frame *out, size_t max) {
  if (max == 0) return 0;
  uintptr_t lookup = exact ? pc : pc - 1;  // a return address points past the call
  symbolized_frame &f0 = out[0];
  f0.function[0] = f0.file[0] = f0.module[0] = 0;
  f0.line = f0.column = 0;
  f0.inlined = false;
  f0.offset = lookup;
  const char *module;
  if (!module_of(lookup, &module, f0.module, sizeof f0.module, &f0.offset)) return 1;
  if (!g_options.symbolize) return 1;
  dyn_text request;
  symbolizer_request(request, "CODE", module, f0.offset);
  char response[8192];
  {
    process_state &ps = process();
    raw_lock_guard l(ps.sym_mu);
    if (!query(ps, request.c_str(), response, sizeof response)) return 1;
    if (str_starts_with(response, "??\n??:0:0\n")) note_unreadable(module);
  }
  const char *p = response;
  size_t n = 0;
  while (*p && *p != '\n' && n < max) {
    symbolized_frame &f = out[n];
    if (n > 0) {
      mem_copy(f.module, f0.module, sizeof f.module);
      f.offset = f0.offset;
    }
    take_line(&p, f.function, sizeof f.function);
    char loc[600];
    take_line(&p, loc, sizeof loc);
    // loc is file:line:col, or ??:0:0.
    size_t len = str_len(loc);
    size_t c2 = len, c1 = len;
    for (size_t i = len; i-- > 0;)
      if (loc[i] == ':') {
        if (c2 == len) c2 = i;
        else { c1 = i; break; }
      }
    f.line = f.column = 0;
    f.file[0] = 0;
    if (c1 < len && c2 < len) {
      text_buffer(f.file, sizeof f.file).str(loc, c1);
      f.line = parse_int(loc + c1 + 1);
      f.column = parse_int(loc + c2 + 1);
    }
    if (str_eq(f.function, "??")) f.function[0] = 0;
    if (str_eq(f.file, "??")) f.file[0] = 0;
    f.inlined = false;
    n++;
  }
  for (size_t i = 0; i + 1 < n; i++) out[i].inlined = true;
  return n ? n : 1;
}

bool symbolize_global(uintptr_t addr, symbolized_global *out) {
  out->name[0] = 0;
  out->start = out->size = 0;
  const char *module;
  if (!module_of(addr, &module, out->module, sizeof out->module, &out->offset)) return false;
  if (!g_options.symbolize) return false;
  dyn_text request;
  symbolizer_request(request, "DATA", module, out->offset);
  char response[4096];
  {
    process_state &ps = process();
    raw_lock_guard l(ps.sym_mu);
    if (!query(ps, request.c_str(), response, sizeof response)) return false;
  }
  // name \n start size \n [decl file:line \n] \n
  const char *p = response;
  take_line(&p, out->name, sizeof out->name);
  if (str_eq(out->name, "??") || out->name[0] == 0) return false;
  char line[128];
  take_line(&p, line, sizeof line);
  uintptr_t start = 0;
  const char *s = line;
  while (*s && *s != ' ') start = start * 10 + static_cast<uintptr_t>(*s++ - '0');
  while (*s == ' ') s++;
  out->size = static_cast<size_t>(parse_int(s));
  out->start = addr - out->offset + start;
  return true;
}

void symbolizer_after_fork_child() VIGIL_NO_TSA {
  // Only this thread exists; the lock may have been held by a thread that is gone.
  process_state &ps = process();
  new (&ps.sym_mu) raw_lock();
  if (ps.to_sym >= 0) {
    syscall(SYS_close, ps.to_sym);
    syscall(SYS_close, ps.from_sym);
  }
  ps.to_sym = ps.from_sym = -1;
  ps.sym_pid = 0;
}

void symbolizer_shutdown() {
  process_state &ps = process();
  raw_lock_guard l(ps.sym_mu);
  if (ps.to_sym >= 0) {
    syscall(SYS_close, ps.to_sym);
    syscall(SYS_close, ps.from_sym);
    ps.to_sym = ps.from_sym = -1;
  }
}

}  // namespace vigil::base
