// process.h — the state vigil keeps once per process.
//
// base/ and report/ are compiled into both link units (libvigil.so and
// libvigil_detect.so), and a program built with detection loads both. What
// must exist once per process lives in one process_state: the report sink
// (its files, de-duplication, the count of reports that sets the exit
// status) and the symbolizer process. Each link unit defines an instance,
// exported as __vigil_process_state; process() binds every copy of base/ to
// the first instance in the dynamic linker's global lookup order (dlsym with
// RTLD_DEFAULT), so both copies work on one. A lone libvigil uses its own.
//
// Nothing in process_state points into a copy's private memory (its heap,
// its strings): only fixed-size fields, the same layout in both copies
// (checked by `layout`, a program mixing two vigil builds stops with a
// message).
#ifndef VIGIL_BASE_PROCESS_H
#define VIGIL_BASE_PROCESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <vigil/detail/raw_lock.h>
#include <vigil/detail/thread_safety.h>

namespace vigil::base {

struct process_state {
  uint64_t layout;  // sizeof(process_state) and a version: both copies agree

  // The report sink (report/report.cpp). report_mu serializes reports: each
  // is written whole, de-duplicated against the earlier ones.
  ::vigil::detail::raw_lock report_mu;
  uint32_t reports;  // atomic: reports made so far (exit status)
  int text_fd VIGIL_GUARDED_BY(report_mu);
  int json_fd VIGIL_GUARDED_BY(report_mu);
  bool sinks_open VIGIL_GUARDED_BY(report_mu);
  // Report keys already seen (site pairs of races, kind and site of misuse).
  static constexpr size_t kSeen = 4096;
  uintptr_t seen[kSeen][2] VIGIL_GUARDED_BY(report_mu);
  size_t nseen VIGIL_GUARDED_BY(report_mu);

  // The llvm-symbolizer child (base/symbolizer.cpp).
  ::vigil::detail::raw_lock sym_mu;
  int to_sym VIGIL_GUARDED_BY(sym_mu);
  int from_sym VIGIL_GUARDED_BY(sym_mu);
  pid_t sym_pid VIGIL_GUARDED_BY(sym_mu);
  bool sym_failed VIGIL_GUARDED_BY(sym_mu);  // said once; frames stay module+offset
};

// The process's state (see above). Resolved on the first call; call
// process_bind() early (a link unit's start-up) so that a signal handler's
// call never has to look it up.
process_state &process();
void process_bind();

}  // namespace vigil::base

#endif  // VIGIL_BASE_PROCESS_H
