// unwind.cpp — stacks that reach into uninstrumented code.
//
// The shadow call stack only knows instrumented functions. When an
// interceptor is called from library code (std::thread's constructor calls
// pthread_create from libstdc++.so), the frames between the last instrumented
// function and the interceptor are missing, and so is the line of the
// instrumented caller. For rare events (thread creation) the real stack is
// unwound with the DWARF unwinder up to the innermost shadow frame and
// spliced onto the shadow stack.
#include <unwind.h>

#include "owner.h"

namespace vigil::detect {
namespace {

struct unwind_state {
  uintptr_t pcs[64];
  size_t n;
  uintptr_t stop;  // the innermost shadow frame's return address
  bool found;
};

_Unwind_Reason_Code collect(struct _Unwind_Context *ctx, void *arg) {
  auto *st = static_cast<unwind_state *>(arg);
  uintptr_t pc = _Unwind_GetIP(ctx);
  if (pc == 0) return _URC_END_OF_STACK;
  if (st->stop && pc == st->stop) {
    st->found = true;
    return _URC_END_OF_STACK;
  }
  if (st->n == sizeof st->pcs / sizeof st->pcs[0]) return _URC_END_OF_STACK;
  st->pcs[st->n++] = pc;
  return _URC_NO_REASON;
}

}  // namespace

stack_id owner_stack_unwound(owner *o, unsigned skip) {
  unwind_state st{};
  uint32_t depth = o->depth < o->capacity ? o->depth : o->capacity;
  st.stop = depth ? o->frames[depth - 1] : 0;
  _Unwind_Backtrace(collect, &st);
  stack_id id = st.found ? owner_stack_top(o) : 0;
  // pcs[0] is this function's own frame; then `skip` runtime frames.
  for (size_t i = st.n; i-- > 1 + skip;) id = stack_intern(id, st.pcs[i]);
  return id;
}

}  // namespace vigil::detect
