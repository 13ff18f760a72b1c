// runtime.cpp — start-up (options, suppressions, interceptors, the main
// thread's owner) and the exit path (thread leaks, exit status).
#include "runtime.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "reports.h"
#include "../base/process.h"
#include "../base/suppressions.h"
#include "read_set.h"
#include "stack_depot.h"
#include "sync.h"

namespace vigil::detect {

bool g_runtime_ready;
uintptr_t g_runtime_text_lo, g_runtime_text_hi;

namespace {

// The ELF header of this very module (the linker defines it in every
// module, hidden): its program headers give our executable segments.
extern "C" const ElfW(Ehdr) __ehdr_start __attribute__((visibility("hidden")));

void find_runtime_text() {
  const ElfW(Ehdr) *eh = &__ehdr_start;
  const auto *ph = reinterpret_cast<const ElfW(Phdr) *>(reinterpret_cast<const char *>(eh) + eh->e_phoff);
  uintptr_t bias = 0, lo = ~uintptr_t{0}, hi = 0;
  bool first = true;
  for (unsigned i = 0; i < eh->e_phnum; i++) {
    if (ph[i].p_type != PT_LOAD) continue;
    // The first load segment maps the file's start, where the header is.
    if (first) bias = reinterpret_cast<uintptr_t>(eh) - (ph[i].p_vaddr - ph[i].p_offset);
    first = false;
    if (!(ph[i].p_flags & PF_X)) continue;
    uintptr_t a = bias + ph[i].p_vaddr;
    if (a < lo) lo = a;
    if (a + ph[i].p_memsz > hi) hi = a + ph[i].p_memsz;
  }
  VIGIL_CHECK(hi > lo);
  g_runtime_text_lo = lo;
  g_runtime_text_hi = hi;
}

int g_init_state;  // 0 not started, 1 running, 2 done

void refuse_other_sanitizers() {
  struct { const char *symbol, *name; } others[] = {
      {"__tsan_init", "ThreadSanitizer (-fsanitize=thread)"},
      {"__asan_init", "AddressSanitizer (-fsanitize=address)"},
      {"__msan_init", "MemorySanitizer (-fsanitize=memory)"}};
  for (auto &s : others) {
    if (dlsym(RTLD_DEFAULT, s.symbol)) {
      raw_write_str(2, "vigil: this program also contains ");
      raw_write_str(2, s.name);
      raw_write_str(2, "; vigil cannot run together with it. Build without that -fsanitize flag.\n");
      _exit(2);
    }
  }
}

// The interceptors work only if the dynamic linker put this module ahead of
// the C library for the whole program: linked into the executable (as
// vigil-clang++ links it) or preloaded. Loaded later, by dlopen of an
// instrumented library from a program that was not built with vigil, the
// program's own calls (threads, locks, memory) bypass it and every report
// would be false: stop here, with how to run it instead. (Late means: the
// program's own lookup of pthread_mutex_lock finds the C library's. A
// program that defines its own wrapper is not refused.)
void refuse_late_load() {
  Dl_info self, seen_in;
  if (!dladdr(reinterpret_cast<void *>(&refuse_late_load), &self)) return;
  void *seen = dlsym(RTLD_DEFAULT, "pthread_mutex_lock");
  if (!seen || !dladdr(seen, &seen_in) || seen_in.dli_fbase == self.dli_fbase || !seen_in.dli_fname) return;
  const char *base = seen_in.dli_fname;
  for (const char *p = seen_in.dli_fname; *p; p++)
    if (*p == '/') base = p + 1;
  if (!str_starts_with(base, "libc.so") && !str_starts_with(base, "libpthread.so")) return;
  const char *path = self.dli_fname ? self.dli_fname : "libvigil_detect.so";
  raw_write_str(2, "vigil: the detector runtime was loaded after the program started (dlopen of a library "
                   "built with vigil by a program that was not): it cannot see the program's threads and "
                   "locks. Build the executable with vigil-clang++, or run it with LD_PRELOAD=");
  raw_write_str(2, path);
  raw_write_str(2, "\n");
  _exit(2);
}

}  // namespace

size_t report_thread_leaks(owner *o, uint64_t since) {
  // The thread that checks (calls exit, or hosts the task that does) is not
  // left behind by it.
  const owner *host = task_host_owner();
  // Grouped by creation stack: a loop that left 100 threads is one report.
  uint32_t n = owner_count();
  auto *leaked = static_cast<uint32_t *>(internal_alloc((n ? n : 1) * sizeof(uint32_t)));
  uint32_t nleaked = 0;
  for (uint32_t id = 0; id < n; id++) {
    owner_desc *d = owner_desc_by_id(id);
    if (!d || d == o->desc || (host && d == host->desc) || d->leak_reported) continue;
    if (since && d->leak_epoch < since) continue;
    // Only threads created through pthread_create can be joined.
    if (!d->is_main && !d->is_task && d->creation_stack && !d->detached && !d->joined) leaked[nleaked++] = id;
  }
  for (uint32_t i = 0; i < nleaked;) {
    stack_id site = owner_desc_by_id(leaked[i])->creation_stack;
    // Move this site's threads to the front of the rest (order kept).
    uint32_t k = i;
    for (uint32_t j = i; j < nleaked; j++)
      if (owner_desc_by_id(leaked[j])->creation_stack == site) {
        uint32_t id = leaked[j];
        for (uint32_t m = j; m > k; m--) leaked[m] = leaked[m - 1];
        leaked[k++] = id;
      }
    report_thread_leak(leaked + i, k - i);
    for (uint32_t m = i; m < k; m++) owner_desc_by_id(leaked[m])->leak_reported = true;
    i = k;
  }
  internal_free(leaked);
  return nleaked;
}

namespace {

void at_exit() {
  owner *o = t_owner;
  if (o && g_options.leak_check) report_thread_leaks(o, 0);
  if (o && g_options.verbosity > 0) {
    char buf[1000];
    text_buffer t(buf, sizeof buf);
    t.str("vigil: exiting, ").dec(reports_made()).str(" report(s), ").dec(owner_count()).str(" threads (")
        .dec(owner_slots_used()).str(" clock slots), ")
        .dec(stack_depot_size()).str(" stack nodes\n");
    raw_write(2, t.c_str(), t.size());
    t.clear();
    t.str("vigil: memory: runtime heap ").dec(internal_heap_bytes() >> 20).str(" MiB, ")
        .dec(sync_live_count()).str(" sync objects (")
        .dec(sync_pool_high_water()).str(" at most), ").dec(read_sets_live()).str(" read sets (")
        .dec(read_sets_bytes() >> 10).str(" KiB)\n");
    raw_write(2, t.c_str(), t.size());
    t.clear();
    shadow_residency sr = shadow_resident();
    t.str("vigil: memory: shadow resident over ").dec(sr.regions).str(" 1-GiB regions: cells ").dec(sr.cells >> 20)
        .str(" MiB, origins ").dec(sr.origins >> 20).str(" MiB, meta ").dec(sr.meta >> 20).str(" MiB; sync pool ")
        .dec(sync_pool_high_water() * sizeof(sync_var) >> 20).str(" MiB\n");
    raw_write(2, t.c_str(), t.size());
    if (g_options.verbosity > 1) {
      t.clear();
      t.str("vigil: runtime heap by block size:");
      internal_heap_describe(t);
      t.str("\n");
      raw_write(2, t.c_str(), t.size());
    }
  }
  report::process_ending(true);
  // exitcode=0 (as `vigil run` sets it): the program's own status stands —
  // a test that failed still fails (as TSan does with exitcode=0).
  if (reports_made() > 0 && g_options.exitcode != 0) finish_and_exit(g_options.exitcode);
}

}  // namespace

bool record_thread_stack(owner_desc *d) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return false;
  void *lo;
  size_t size;
  bool ok = pthread_attr_getstack(&attr, &lo, &size) == 0;
  if (ok) {
    d->stack_lo = reinterpret_cast<uintptr_t>(lo);
    d->stack_hi = d->stack_lo + size;
  }
  pthread_attr_destroy(&attr);
  return ok;
}

void runtime_init() {
  int idle = 0;
  if (!__atomic_compare_exchange_n(&g_init_state, &idle, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return;
  find_runtime_text();
  init_options_from_env();
  base::process_bind();
  refuse_other_sanitizers();
  refuse_late_load();
  stack_depot_init();
  interceptors_init();
  owner *main_owner = owner_create(nullptr, 0);
  // (Started by its first use on another thread, the runtime adopts the main
  // thread later, like any thread it did not see being created.)
  main_owner->desc->os_tid = static_cast<int>(syscall(SYS_gettid));
  main_owner->desc->is_main = main_owner->desc->os_tid == getpid();
  set_cur_owner(main_owner);
  {
    runtime_scope rs(main_owner);
    record_thread_stack(main_owner->desc);
    base::suppressions_init();
    report::process_started(true);
    atexit(at_exit);
    tasks_attach();
  }
  if (g_options.verbosity > 0) raw_write_str(2, "vigil: detector runtime started\n");
  __atomic_store_n(&g_runtime_ready, true, __ATOMIC_RELEASE);
  __atomic_store_n(&g_init_state, 2, __ATOMIC_RELEASE);
}

namespace {
// True while this thread is being adopted (owner_adopt_current_thread).
__thread bool t_adopting __attribute__((tls_model("initial-exec")));
}  // namespace

owner *owner_adopt_current_thread() {
  // The first use of the runtime may come before its constructor has run (an
  // instrumented .preinit_array function, a constructor of a library
  // initialized earlier): start it now. While it starts (on this thread, or
  // on another one), nothing is checked.
  if (VIGIL_UNLIKELY(!runtime_ready())) {
    runtime_init();
    if (!runtime_ready() || t_owner) return t_owner;
  }
  if (t_adopting) return nullptr;
  t_adopting = true;
  // It starts unordered with everything: nobody is known to have created it.
  owner *o = owner_create(nullptr, 0);
  o->desc->os_tid = static_cast<int>(syscall(SYS_gettid));
  t_owner = o;
  thread_adopted(o);
  t_adopting = false;
  return o;
}

// Runs when libvigil_detect.so is loaded: before the constructors of the
// program that depends on it.
__attribute__((constructor)) static void vigil_runtime_ctor() { runtime_init(); }

}  // namespace vigil::detect
