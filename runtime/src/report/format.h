// format.h — the pieces every report is written with: stack frames as text
// and JSON, summaries. Kept apart from report.cpp (which gathers what to
// report) so the formats can be unit-tested with synthetic stacks.
#pragma once

#include "../detect/defs.h"
#include "symbolizer.h"

namespace vigil::detect {

// A symbolized stack; owns its frames (internal memory).
struct stack_text {
  symbolized_frame *frames = nullptr;
  size_t n = 0;
  stack_text() = default;
  stack_text(const stack_text &) = delete;
  stack_text &operator=(const stack_text &) = delete;
  ~stack_text() { internal_free(frames); }
};

// `file` without the strip_path_prefix option's prefix.
const char *strip_prefix(const char *file);
const char *base_name(const char *path);

//     #N function file:line:col (module+0xoff)
void write_frame_text(dyn_text &t, size_t index, const symbolized_frame &f);
void write_stack_text(dyn_text &t, const stack_text &s);
// [{"function":..,"file":..,"line":..,"column":..,"module":..,"offset":"0x.."},...]
void write_stack_json(dyn_text &j, const stack_text &s);
// "<kind> <file:line:col> in <function>" for the first frame that has a file.
void summary_text(dyn_text &sum, const char *kind, const stack_text &s);

}  // namespace vigil::detect
