// reports.h — what the detector reports. Each function gathers what it
// knows (owners, stacks, heap blocks) into a plain report description and
// hands it to report/ (report/report.h), which formats and writes it.
#pragma once

#include "../report/report.h"
#include "defs.h"
#include "stack_depot.h"

namespace vigil::detect {

struct owner;

struct race_access {
  uintptr_t addr;
  size_t size;
  unsigned flags;     // access_flags (access.h)
  uint32_t owner_id;  // ~0u: unknown
  stack_id stack;
};

// A data race between the current access of `o` and an earlier one. `mask`
// is the byte mask of the current access within its word (deduplication).
void report_race(owner *o, const race_access &cur, const race_access &prev, unsigned mask);

// Misuse of a synchronization object (unlock of an unlocked mutex, ...).
// `object` is its address; `other` an optional second stack (where it was
// locked, ...), described by `other_what`.
void report_misuse(owner *o, const char *kind, uintptr_t object, stack_id stack,
                   stack_id other, uint32_t other_owner, const char *other_what);

// Lock-order inversion: `cycle` lists the mutexes, each acquired (stacks[i])
// while holding the previous one.
struct lock_edge {
  uintptr_t from, to;
  uint32_t owner_id;
  stack_id from_stack;  // where `from` was locked
  stack_id to_stack;    // where `to` was locked while holding `from`
};
void report_lock_inversion(owner *o, const lock_edge *cycle, size_t n);

// Threads left joinable at exit.
// Threads never joined nor detached, all created at one place (one stack):
// one report naming them, with the first one's creation stack.
void report_thread_leak(const uint32_t *owner_ids, size_t n);

using ::vigil::report::finish_and_exit;
using ::vigil::report::report_lock;
using ::vigil::report::report_unlock;
using ::vigil::report::reports_made;

// Heap block descriptions for reports (interceptors.cpp keeps the table).
struct heap_block_info {
  uintptr_t addr;
  size_t size;
  uint32_t owner_id;
  stack_id stack;
  bool freed;
};
bool find_heap_block(uintptr_t addr, heap_block_info *out);

}  // namespace vigil::detect
