// annotations.cpp — explicit happens-before and ignore annotations: vigil's
// own (<vigil/annotations.h>) and ThreadSanitizer's, so code annotated for
// TSan works unchanged.
#include <stddef.h>

#include "access.h"
#include "sync.h"

using namespace vigil::detect;

#define VIGIL_API extern "C" __attribute__((visibility("default")))

namespace {
// The owner an annotation applies to; null (the annotation is not followed)
// before the runtime has started and inside the runtime's own code.
owner *annotating_owner() {
  owner *o = cur_owner();
  return o && !o->in_runtime ? o : nullptr;
}
}  // namespace

VIGIL_API void vigil_annotate_happens_before(const volatile void *addr) {
  if (owner *o = annotating_owner()) release_at(o, reinterpret_cast<uintptr_t>(addr));
}
VIGIL_API void vigil_annotate_happens_after(const volatile void *addr) {
  if (owner *o = annotating_owner()) acquire_at(o, reinterpret_cast<uintptr_t>(addr));
}
VIGIL_API void vigil_annotate_ignore_accesses_begin() {
  if (owner *o = annotating_owner()) {
    o->ignore_reads++;
    o->ignore_writes++;
  }
}
VIGIL_API void vigil_annotate_ignore_accesses_end() {
  if (owner *o = annotating_owner()) {
    if (o->ignore_reads > 0) o->ignore_reads--;
    if (o->ignore_writes > 0) o->ignore_writes--;
  }
}

// ThreadSanitizer's interface.
VIGIL_API void __tsan_acquire(void *addr) { vigil_annotate_happens_after(addr); }
VIGIL_API void __tsan_release(void *addr) { vigil_annotate_happens_before(addr); }
VIGIL_API void AnnotateHappensBefore(const char *, int, const volatile void *addr) {
  vigil_annotate_happens_before(addr);
}
VIGIL_API void AnnotateHappensAfter(const char *, int, const volatile void *addr) {
  vigil_annotate_happens_after(addr);
}
VIGIL_API void AnnotateIgnoreReadsBegin(const char *, int) {
  if (owner *o = annotating_owner()) o->ignore_reads++;
}
VIGIL_API void AnnotateIgnoreReadsEnd(const char *, int) {
  owner *o = annotating_owner();
  if (o && o->ignore_reads > 0) o->ignore_reads--;
}
VIGIL_API void AnnotateIgnoreWritesBegin(const char *, int) {
  if (owner *o = annotating_owner()) o->ignore_writes++;
}
VIGIL_API void AnnotateIgnoreWritesEnd(const char *, int) {
  owner *o = annotating_owner();
  if (o && o->ignore_writes > 0) o->ignore_writes--;
}
