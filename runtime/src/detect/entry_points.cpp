// entry_points.cpp — the ABI entry points for plain memory accesses, vptr
// accesses, memory intrinsics and the shadow call stack: one line each, calling
// the inlined fast path of access.h.
#include "abi_decls.h"
#include "access.h"
#include "runtime.h"

using namespace vigil::detect;

namespace {

VIGIL_NOINLINE void check_slow(void *addr, size_t size, unsigned flags, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(!o) || owner_ignores(o, flags)) return;
  uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  uintptr_t off = a & 7;
  // One word: check() found no inline entry of this epoch; a write list or
  // a read set may still hold one (access_word).
  if (size <= 8 && off + size <= 8 && is_user_address(a)) {
    access_word(o, a - off, ((1u << size) - 1) << off, flags, pc, a, size);
    return;
  }
  access_range(o, a, size, flags, pc);
}

// Every entry point is this: a few loads and compares that return when the
// access is already recorded in the current epoch, else one tail call. The
// fast path has no call and saves no register (a word with a write list or
// a read set takes the tail call: check_slow looks at those).
VIGIL_ALWAYS_INLINE void check(void *addr, size_t size, unsigned flags, uintptr_t pc) {
  owner *o = t_owner;
  if (VIGIL_LIKELY(o != nullptr) && access_done(o, reinterpret_cast<uintptr_t>(addr), size, flags)) return;
  check_slow(addr, size, flags, pc);
}

}  // namespace

#define VIGIL_PC reinterpret_cast<uintptr_t>(__builtin_return_address(0))
#define VIGIL_DEFINE_ACCESS(name, size, flags) \
  void __vigil_##name(void *addr) { check(addr, size, flags, VIGIL_PC); }
VIGIL_DEFINE_ACCESS(read1, 1, 0)
VIGIL_DEFINE_ACCESS(read2, 2, 0)
VIGIL_DEFINE_ACCESS(read4, 4, 0)
VIGIL_DEFINE_ACCESS(read8, 8, 0)
VIGIL_DEFINE_ACCESS(read16, 16, 0)
VIGIL_DEFINE_ACCESS(write1, 1, k_access_write)
VIGIL_DEFINE_ACCESS(write2, 2, k_access_write)
VIGIL_DEFINE_ACCESS(write4, 4, k_access_write)
VIGIL_DEFINE_ACCESS(write8, 8, k_access_write)
VIGIL_DEFINE_ACCESS(write16, 16, k_access_write)
VIGIL_DEFINE_ACCESS(unaligned_read2, 2, 0)
VIGIL_DEFINE_ACCESS(unaligned_read4, 4, 0)
VIGIL_DEFINE_ACCESS(unaligned_read8, 8, 0)
VIGIL_DEFINE_ACCESS(unaligned_read16, 16, 0)
VIGIL_DEFINE_ACCESS(unaligned_write2, 2, k_access_write)
VIGIL_DEFINE_ACCESS(unaligned_write4, 4, k_access_write)
VIGIL_DEFINE_ACCESS(unaligned_write8, 8, k_access_write)
VIGIL_DEFINE_ACCESS(unaligned_write16, 16, k_access_write)

void __vigil_read_range(void *addr, size_t size) { check(addr, size, 0, VIGIL_PC); }
void __vigil_write_range(void *addr, size_t size) { check(addr, size, k_access_write, VIGIL_PC); }

// A loop's accesses, checked before the loop (instrumentation: "Loops").
namespace {
VIGIL_NOINLINE void check_loop(void *addr, size_t size, size_t elem, unsigned flags, uintptr_t pc) {
  owner *o = cur_owner();
  if (VIGIL_UNLIKELY(!o) || owner_ignores(o, flags) || size == 0) return;
  access_loop_range(o, reinterpret_cast<uintptr_t>(addr), size, elem, flags, pc);
}
}  // namespace
// Short ranges (neighbouring fields, often checked again in a loop's every
// iteration) first try the inline fast path, as single accesses do.
#define VIGIL_DEFINE_RANGE(name, flags)                                                         \
  void __vigil_##name(void *addr, size_t size, size_t elem) {                                    \
    owner *o = t_owner;                                                                          \
    if (VIGIL_LIKELY(o != nullptr) && range_done(o, reinterpret_cast<uintptr_t>(addr), size, flags)) \
      return;                                                                                    \
    check_loop(addr, size, elem, flags, VIGIL_PC);                                               \
  }
VIGIL_DEFINE_RANGE(loop_read, 0)
VIGIL_DEFINE_RANGE(loop_write, k_access_write)

void __vigil_vptr_read(void *addr) { check(addr, sizeof(void *), k_access_vptr, VIGIL_PC); }
void __vigil_vptr_update(void *addr, void *value) {
  // Constructors and destructors of a hierarchy store the vptr once per
  // level; storing the value already there changes nothing and is no write.
  if (*static_cast<void **>(addr) != value)
    check(addr, sizeof(void *), k_access_write | k_access_vptr, VIGIL_PC);
}

namespace {
// Out of line: the thread's first instrumented call, or a deeper stack.
VIGIL_NOINLINE void func_entry_slow(uintptr_t pc) {
  owner *o = cur_owner();
  if (!o) return;
  if (o->depth >= o->capacity) {
    // Deep recursion: grow (rare, so allocation is fine here).
    uint32_t cap = o->capacity * 2;
    o->frames = static_cast<uintptr_t *>(internal_realloc(o->frames, cap * sizeof(uintptr_t)));
    o->nodes = static_cast<stack_id *>(internal_realloc(o->nodes, cap * sizeof(stack_id)));
    o->capacity = cap;
  }
  __vigil_func_entry(reinterpret_cast<void *>(pc));
}
}  // namespace

void __vigil_func_entry(void *caller_pc) {
  owner *o = t_owner;
  if (VIGIL_UNLIKELY(o == nullptr || o->depth >= o->capacity))
    return func_entry_slow(reinterpret_cast<uintptr_t>(caller_pc));
  uint32_t d = o->depth++;
  uintptr_t pc = reinterpret_cast<uintptr_t>(caller_pc);
  // Calling the same function from the same place again (a loop) keeps the
  // interned stack ids of this frame valid.
  if (o->frames[d] != pc) {
    o->frames[d] = pc;
    if (o->valid > d) o->valid = d;
  }
}

void __vigil_func_exit() {
  owner *o = t_owner;
  // frames[depth] and its node stay: a call from the same place reuses them.
  if (VIGIL_LIKELY(o != nullptr && o->depth > 0)) o->depth--;
}

uint32_t __vigil_func_depth() {
  owner *o = t_owner;
  return o ? o->depth : 0;
}

void __vigil_func_restore_depth(uint32_t depth) {
  // Only ever lower: a return from setjmp leaves the frames above this one.
  // (The interned stack ids of the frames below stay valid.)
  owner *o = t_owner;
  if (!o) return;
  if (depth < o->depth) o->depth = depth;
  // A jump not seen by the longjmp interceptors (a library's own) may have
  // left signal handlers too: their frames lie below the caller's.
  if (o->handlers) owner_leave_frames_below(o, reinterpret_cast<uintptr_t>(__builtin_dwarf_cfa()));
}

void *__vigil_memcpy(void *dst, void *src, size_t n) {
  uintptr_t pc = VIGIL_PC;
  check(src, n, 0, pc);
  check(dst, n, k_access_write, pc);
  return real::memcpy(dst, src, n);
}
void *__vigil_memmove(void *dst, void *src, size_t n) {
  uintptr_t pc = VIGIL_PC;
  check(src, n, 0, pc);
  check(dst, n, k_access_write, pc);
  return real::memmove(dst, src, n);
}
void *__vigil_memset(void *dst, uint32_t c, size_t n) {
  check(dst, n, k_access_write, VIGIL_PC);
  return real::memset(dst, static_cast<int>(c), n);
}

void __vigil_init_v1() { runtime_init(); }
// Objects built before the ABI carried a version have version 1's layout.
extern "C" __attribute__((visibility("default"))) void __vigil_init() { runtime_init(); }
