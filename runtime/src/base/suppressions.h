// suppressions.h — the suppressions file (VIGIL_OPTIONS=suppressions=FILE).
//
//   # comment
//   race:PATTERN       data races whose stacks or location match
//   leak:PATTERN       thread/task leaks
//   deadlock:PATTERN   lock-order inversions and deadlocks
//   misuse:PATTERN     misuse of synchronization objects
// PATTERN is a glob (* and ?) matched against every frame's function, file
// and module name; a pattern without '*' matches as a substring, like TSan.
// A malformed line stops the program at start with its line number, exit 2.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "text.h"

namespace vigil::base {

enum class suppression_kind { race, leak, deadlock, misuse };

// Loads g_options.suppressions (if set); exits 2 with a message on error.
void suppressions_init();
// Parses text; returns false with a message (for unit tests).
bool suppressions_parse(const char *text, size_t size, const char *file_name, char *err, size_t err_size);
void suppressions_clear();
bool suppressed(suppression_kind kind, const char *name);
size_t suppressions_count();

}  // namespace vigil::base
