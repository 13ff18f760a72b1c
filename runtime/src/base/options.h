// options.h — VIGIL_OPTIONS, parsed before main.
//
// "key=value:key=value"; values may not contain ':' (paths with ':' are not
// supported). An unknown key or a bad value ends the program at start with a
// one-line message naming it and exit status 2: vigil never runs a program
// with a configuration it cannot honour.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "text.h"

namespace vigil::base {

struct options {
#define VIGIL_FLAG_int(name, def) int name = def;
#define VIGIL_FLAG_bool(name, def) bool name = def;
#define VIGIL_FLAG_string(name, def) const char *name = def;
#define VIGIL_FLAG(type, name, def, desc) VIGIL_FLAG_##type(name, def)
#include "flags.def"
#undef VIGIL_FLAG
#undef VIGIL_FLAG_int
#undef VIGIL_FLAG_bool
#undef VIGIL_FLAG_string
};

extern options g_options;

// Parses `text` into `out`. On error returns false and writes a one-line
// message into err (no exit: unit tests call this).
bool parse_options(const char *text, options *out, char *err, size_t err_size);
// Parses the environment's VIGIL_OPTIONS into g_options; exits 2 on error.
void init_options_from_env();
// getenv, also before the C library has set up `environ` (then from the
// process's initial environment).
const char *env_get(const char *name);

}  // namespace vigil::base
