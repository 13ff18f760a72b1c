// compiler.h — the few compiler attributes vigil's runtime code uses.
#ifndef VIGIL_BASE_COMPILER_H
#define VIGIL_BASE_COMPILER_H

#define VIGIL_ALWAYS_INLINE inline __attribute__((always_inline))
#define VIGIL_NOINLINE __attribute__((noinline))
#define VIGIL_LIKELY(x) __builtin_expect(!!(x), 1)
#define VIGIL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define VIGIL_EXPORT extern "C" __attribute__((visibility("default")))

#endif  // VIGIL_BASE_COMPILER_H
