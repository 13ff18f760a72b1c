// defs.h — ground rules and basic tools of the detector runtime.
//
// The detector runs inside every instrumented program, underneath the code it
// watches. Hence, for everything in runtime/src/detect and runtime/src/report:
//  - no exceptions, no RTTI (enforced by the build flags);
//  - no global constructors that could run after user code starts: state is
//    constant-initialized or set up by init();
//  - no operator new / std containers: memory comes from internal_alloc (the
//    runtime's own heap on its own mappings, internal_alloc.cpp) or mmap;
//  - the access fast path does not allocate, lock, throw or call libc.
// Internal errors use VIGIL_CHECK (always on: raw message, then die); user
// mistakes get a report or an option error, never a VIGIL_CHECK.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "../base/compiler.h"

#include <vigil/detail/raw_lock.h>

#include "../base/alloc.h"
#include "../base/check.h"
#include "../base/options.h"
#include "../base/text.h"
#include <vigil/detail/thread_safety.h>

namespace vigil::detect {

// CHECK, fatal and raw output are base's (base/check.h).
using ::vigil::base::fatal;
using ::vigil::base::raw_write;
using ::vigil::base::raw_write_str;

// Options are base's (one parse per link unit, of one environment).
using ::vigil::base::g_options;
using ::vigil::base::init_options_from_env;

// Internal memory and text are base's (base/alloc.h, base/text.h).
using ::vigil::base::internal_alloc;
using ::vigil::base::internal_block_readable;
using ::vigil::base::internal_calloc;
using ::vigil::base::internal_realloc;
using ::vigil::base::internal_free;
using ::vigil::base::internal_heap_bytes;
using ::vigil::base::internal_heap_describe;
using ::vigil::base::internal_alloc_thread_exit;
using ::vigil::base::internal_alloc_lock_all;
using ::vigil::base::internal_alloc_unlock_all;
using ::vigil::base::map_reserve;
using ::vigil::base::unmap;
using ::vigil::base::text_buffer;
using ::vigil::base::dyn_text;
using ::vigil::base::str_len;
using ::vigil::base::str_eq;
using ::vigil::base::str_starts_with;
using ::vigil::base::str_dup;
using ::vigil::base::mem_copy;
using ::vigil::base::mem_zero;
using ::vigil::base::glob_match;

// The runtime's lock is the library's (vigil/detail/raw_lock.h): a futex
// mutex, never a pthread one (the interceptors would see it).
using ::vigil::detail::raw_lock;
using ::vigil::detail::raw_lock_guard;

}  // namespace vigil::detect
