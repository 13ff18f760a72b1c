// report.h — vigil's one report path: a report description in, text and
// JSON out.
//
// Whoever finds something (the detector, the library) fills a plain
// report_desc: what happened, the accesses or sections with their stacks as
// program counters, the threads and tasks involved. report/ reads nothing
// else: it symbolizes, formats (docs/report-format.md), suppresses,
// de-duplicates and writes. Every report goes to the text sink (stderr, or
// log_path) as one block in a single write(2), and with report_dir as one
// JSON line, both before submit() returns, so a crash right after loses
// nothing. The sink and the count of reports are the process's (one for both
// link units, base/process.h); so is the exit status they set.
//
// Compiled into both link units; no detector or library internals here.
#ifndef VIGIL_REPORT_REPORT_H
#define VIGIL_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../base/suppressions.h"
#include "../base/text.h"
#include <vigil/detail/thread_safety.h>

namespace vigil::report {

using base::dyn_text;
using base::suppression_kind;

// Who did something. Threads are numbered by the detector (T0 is main),
// tasks by the library (task 7), so a task has one name in every report; a
// thread the detector does not know (a --no-detect program) is named by its
// OS thread id (os_thread, id = tid).
// A timer's firing (after(), a ticker, a context's deadline) is its own actor.
enum class actor_kind : uint8_t { none, main, thread, task, os_thread, timer };
struct actor {
  actor_kind kind = actor_kind::none;
  uint64_t id = 0;
};

// Return addresses, innermost first. Not owned.
struct stack {
  const uintptr_t *pcs = nullptr;
  size_t n = 0;
};

struct access_desc {
  bool write = false, atomic = false, free = false, vptr = false;
  size_t size = 0;
  uintptr_t addr = 0;
  actor by;
  stack st;
};

enum class location_kind : uint8_t { unknown, global, heap, stack };
struct location_desc {
  location_kind kind = location_kind::unknown;
  uintptr_t addr = 0;  // the address the report is about (global: symbolized here)
  uintptr_t block = 0;  // heap: the block
  size_t size = 0;
  bool freed = false;
  actor by;  // heap: allocated by; stack: whose stack
  stack st;  // heap: the allocation's stack
};

// A part of the report's body: "  <heading>:" then a stack. JSON:
// {"what":what,"heading":heading,"thread"|"task":id,"stack":[...]}.
struct section_desc {
  const char *what = "";  // a fixed word for machines: "misuse", "locked", "acquired", "blocked"
  const char *heading = "";
  actor by;
  stack st;
};

// A thread or task the report mentions: its state and where it was created.
struct actor_desc {
  actor who;
  int tid = 0;                      // threads: the OS thread id
  const char *state = "running";    // running | runnable | blocked | finished
  const char *blocked_in = nullptr;  // blocked: the operation ("chan receive")
  int64_t blocked_ms = -1;          // blocked: for how long, if known
  const char *waits_on = nullptr;   // blocked: the object, described ("chan<int> (unbuffered)")
  actor parent;                     // kind none: creator unknown
  bool adopted = false;             // a thread the detector did not see being created
  stack creation;
  stack where;  // optional: where it is now (a blocked task's stack)
};

struct report_desc {
  const char *kind = "";  // headline: "data race", "send on closed channel", ...
  suppression_kind suppression = suppression_kind::race;
  // De-duplication: a report whose key was reported before is dropped;
  // {0, 0} is never de-duplicated.
  uintptr_t key[2] = {0, 0};
  const char *note = nullptr;  // one line under the headline
  access_desc accesses[2];
  size_t naccesses = 0;
  const section_desc *sections = nullptr;
  size_t nsections = 0;
  // "Mutexes held by <actor>:" (races).
  bool show_mutexes = false;
  actor mutexes_of;
  const uintptr_t *mutexes = nullptr;
  size_t nmutexes = 0;
  location_desc location;
  const actor_desc *actors = nullptr;
  size_t nactors = 0;
  // The leak epoch (vigil::leak_mark) under which the youngest thread or
  // task the report is about was created, 0 if unknown or all from before
  // the first mark: a test framework charges the report to the test that
  // started that thread or task (vigil/gtest.h).
  uint64_t epoch = 0;
};

// Formats and writes the report. Returns false when it was suppressed or a
// duplicate (nothing written). Counts it toward the exit status; with
// halt_on_error, exits at once.
bool submit(const report_desc &d);
// What became of a submitted report: written; dropped as a repeat of one
// written before (same key); suppressed; or dropped because halt_on_error
// is ending the program with another.
enum class outcome { made, repeated, suppressed, dropped };
outcome submit_for_outcome(const report_desc &d);
// Would a report with these keys be a repeat (submit's outcome::repeated)?
// Then it is counted as one, and the caller need not describe it: a race
// hit a million times in a loop is described once, not a million times.
bool is_repeat(uintptr_t key0, uintptr_t key1);

// A dump that is not a finding (SIGQUIT's task dump): the text sink only,
// uncounted.
void write_text(const char *text, size_t len);

// With report_dir set: the process's start record (its JSON file's first
// line), so that `vigil run` knows which processes ran under vigil — also
// the clean ones — and which of them never wrote their end record. Once per
// process, whichever link unit calls first; `detector` when it is the
// detector's runtime (recorded also without report_dir).
void process_started(bool detector);
// The end record, with the number of reports made: from the exit path of the
// detector when it is loaded, else of the library. Once per process.
void process_ending(bool detector);
// At the library's exit without a detector loaded (which sets the status
// itself after its own exit-time reports): the findings' exit status if
// anything was reported (leaked tasks at exit).
void exit_status_at_exit_without_detector();

// Text names of actors ("main thread", "thread T3", "task 7").
void actor_name(dyn_text &t, actor a);

uint32_t reports_made();
// Reports not printed because they repeat an earlier one's sites.
uint32_t reports_repeated();
// The summary line of report number `index` (0-based) if it is one of the
// last 64; its length (0 otherwise).
size_t report_summary(uint32_t index, char *buf, size_t size);
// Report number `index`'s epoch (report_desc::epoch) if it is one of the
// last 64; 0 otherwise.
uint64_t report_epoch(uint32_t index);
// The leak epoch now; new_leak_epoch() starts the next one and returns it.
uint64_t leak_epoch();
uint64_t new_leak_epoch();
// The exit status of a process that reported something (VIGIL_OPTIONS=exitcode).
int findings_exit_status();

// fork: no report is being written while the process is copied.
void report_lock() VIGIL_NO_TSA;
void report_unlock() VIGIL_NO_TSA;

// Flushes stdio, stops the symbolizer, exits with `status` (exit_group).
[[noreturn]] void finish_and_exit(int status);

}  // namespace vigil::report

#endif  // VIGIL_REPORT_REPORT_H
