// abi_decls.h — the runtime's declarations of every entry point in abi.def,
// so each definition is checked against the list the pass compiles against.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define void_t void
#define ptr_t void *
#define size_t_ size_t
#define i8_t uint8_t
#define i16_t uint16_t
#define i32_t uint32_t
#define i64_t uint64_t
#define i128_t unsigned __int128
#define VIGIL_ABI(ret, name, params) \
  extern "C" __attribute__((visibility("default"))) ret __vigil_##name params;
#include <vigil/abi.def>
#undef VIGIL_ABI
#undef void_t
#undef ptr_t
#undef size_t_
#undef i8_t
#undef i16_t
#undef i32_t
#undef i64_t
#undef i128_t
