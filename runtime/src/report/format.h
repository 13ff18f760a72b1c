// format.h — the pieces every report is written with: stack frames as text
// and JSON, summaries. Kept apart from report.cpp (which gathers what to
// report) so the formats can be unit-tested with synthetic stacks.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "../base/symbolizer.h"
#include "../base/text.h"

namespace vigil::report {

using base::dyn_text;
using base::internal_free;
using base::symbolized_frame;

// A symbolized stack; owns its frames (internal memory).
struct stack_text {
  symbolized_frame *frames = nullptr;
  size_t n = 0;
  stack_text() = default;
  stack_text(const stack_text &) = delete;
  stack_text &operator=(const stack_text &) = delete;
  ~stack_text() { internal_free(frames); }
};

// Symbolizes `n` return addresses (innermost first) into `out`, at most
// history_size of them; every inlined frame is a frame of its own. Frames of
// vigil's own libraries name their function only.
void symbolize_stack(const uintptr_t *pcs, size_t n, stack_text *out);

// Drops vigil's own frames at the top of a stack (its headers' functions
// inlined into the program, its libraries) and, at the bottom, the task
// entry and the closure's call through libstdc++ (frames of vigil, of
// Boost.Context and of libstdc++'s headers). A stack of nothing but vigil
// frames is kept whole; at least one frame is always kept.
void trim_vigil_frames(stack_text *s);

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

}  // namespace vigil::report
