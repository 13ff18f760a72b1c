// symbolizer.h — program counters to function, file:line:col.
//
// Runs llvm-symbolizer (19) out of process, once, talking over pipes: the
// runtime links no LLVM library. If it cannot be found, every frame is still
// printed as (module+0xoffset), and a one-line note says why, once.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "text.h"

namespace vigil::base {

struct symbolized_frame {
  char function[512];
  char file[512];
  int line;
  int column;
  char module[512];
  uintptr_t offset;  // within the module
  bool inlined;      // an inlined frame (more frames for the same pc follow)
};

// Fills up to `max` frames for pc (more than one when inlined); returns the
// count (≥ 1). pc is a return address unless `exact`.
size_t symbolize_pc(uintptr_t pc, bool exact, symbolized_frame *out, size_t max);

struct symbolized_global {
  char name[512];
  uintptr_t start;
  size_t size;
  char module[512];
  uintptr_t offset;
};
bool symbolize_global(uintptr_t addr, symbolized_global *out);

// At exit: closes the pipes (the symbolizer process ends).
void symbolizer_shutdown();
// In a forked child: the parent's symbolizer is not ours; start our own if needed.
void symbolizer_after_fork_child();

}  // namespace vigil::base
