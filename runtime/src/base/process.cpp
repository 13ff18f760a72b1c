// process.cpp — binding every copy of base/ to one process_state (process.h).
#include "process.h"

#include <dlfcn.h>

#include "check.h"

// This link unit's instance; process() may choose another one's. Constant-
// initialized: usable before any constructor has run.
extern "C" __attribute__((visibility("default"))) vigil::base::process_state __vigil_process_state = {
    .layout = sizeof(vigil::base::process_state) << 8 | 1,
    .report_mu = {},
    .reports = 0,
    .text_fd = 2,
    .json_fd = -1,
    .sinks_open = false,
    .seen = {},
    .nseen = 0,
    .sym_mu = {},
    .to_sym = -1,
    .from_sym = -1,
    .sym_pid = 0,
    .sym_failed = false,
};

namespace vigil::base {
namespace {

process_state *g_process;  // atomic: set once, to the same value by every caller

process_state *bind() {
  // RTLD_DEFAULT searches the global scope in load order: every copy of this
  // code finds the same, first-loaded instance. (dlsym cannot fail to find a
  // symbol this very module defines, unless the module was loaded
  // RTLD_LOCAL; then it keeps its own.)
  auto *p = static_cast<process_state *>(dlsym(RTLD_DEFAULT, "__vigil_process_state"));
  if (!p) p = &__vigil_process_state;
  if (p->layout != __vigil_process_state.layout)
    fatal("two different vigil runtimes are loaded in this process (libvigil.so and libvigil_detect.so "
          "come from different builds)");
  __atomic_store_n(&g_process, p, __ATOMIC_RELEASE);
  return p;
}

}  // namespace

process_state &process() {
  process_state *p = __atomic_load_n(&g_process, __ATOMIC_ACQUIRE);
  return p ? *p : *bind();
}

void process_bind() {
  if (!__atomic_load_n(&g_process, __ATOMIC_ACQUIRE)) bind();
}

}  // namespace vigil::base
