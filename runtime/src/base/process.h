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
  uint32_t repeats;  // atomic: reports not printed again (the same sites as an earlier one)
  // The sinks' descriptors: text_fd is 2 (stderr) unless log_path is set, or
  // -1 (nowhere) when the program started with stderr closed; the others are
  // vigil's own (reserved_fd). Written under report_mu, also read without
  // it (relaxed) by is_reserved_fd.
  int text_fd VIGIL_GUARDED_BY(report_mu);
  int json_fd VIGIL_GUARDED_BY(report_mu);
  bool sinks_open VIGIL_GUARDED_BY(report_mu);
  int sinks_pid VIGIL_GUARDED_BY(report_mu);  // the process that opened them (a forked child reopens)
  // The process whose start record is written (its negation once the end
  // record is), and whether the detector is loaded (then it writes the end
  // record, after its exit-time reports).
  int started_pid VIGIL_GUARDED_BY(report_mu);
  bool detector_started VIGIL_GUARDED_BY(report_mu);
  // Whether fd 2 was open when vigil started: 0 not yet known, 1 open, 2
  // closed (then a later fd 2 is some file of the program's, never written).
  int stderr_at_start;  // atomic
  // Report keys already seen (site pairs of races, kind and site of misuse).
  // The summary lines of the last kSummaries reports (by report number
  // modulo kSummaries), for test frameworks (vigil::report_summary).
  static constexpr size_t kSummaries = 64, kSummaryLen = 240;
  char summaries[kSummaries][kSummaryLen] VIGIL_GUARDED_BY(report_mu);
  // The same reports' epochs (report_desc::epoch).
  uint64_t summary_epochs[kSummaries] VIGIL_GUARDED_BY(report_mu);
  // The leak epoch (vigil::leak_mark): bumped by each mark; every thread
  // and task records the one current when it was created (both link units
  // read this one counter). Atomic.
  uint64_t leak_epoch;
  static constexpr size_t kSeen = 4096;
  uintptr_t seen[kSeen][2] VIGIL_GUARDED_BY(report_mu);
  size_t nseen VIGIL_GUARDED_BY(report_mu);

  // The llvm-symbolizer child (base/symbolizer.cpp).
  ::vigil::detail::raw_lock sym_mu;
  int to_sym VIGIL_GUARDED_BY(sym_mu);
  int from_sym VIGIL_GUARDED_BY(sym_mu);
  pid_t sym_pid VIGIL_GUARDED_BY(sym_mu);
  pid_t sym_parent VIGIL_GUARDED_BY(sym_mu);  // the process that started it (a forked child starts its own)
  bool sym_failed VIGIL_GUARDED_BY(sym_mu);  // said once; frames stay module+offset
};

// The process's state (see above). Resolved on the first call; call
// process_bind() early (a link unit's start-up) so that a signal handler's
// call never has to look it up.
process_state &process();
void process_bind();

// vigil's own descriptors (report files, the symbolizer's pipes) live far
// above the program's usual range: reserved_fd moves fd to the highest free
// number below the descriptor limit (closing fd) and returns the new one (or
// fd itself if it cannot). is_reserved_fd says whether fd is one of them: the
// detector's close/dup2/close_range interceptors never let the program close
// or replace one (a daemon closing every descriptor would otherwise leave
// vigil writing reports into the files it opens next).
int reserved_fd(int fd);
bool is_reserved_fd(int fd);
// vigil's descriptors now, ascending; returns how many.
constexpr int kMaxReservedFds = 4;
int reserved_fds(int out[kMaxReservedFds]);
// Moves vigil's descriptor that is `fd` elsewhere (the program is about to
// dup2 onto that number); returns false if fd is not vigil's.
bool move_reserved_fd(int fd);

}  // namespace vigil::base

#endif  // VIGIL_BASE_PROCESS_H
