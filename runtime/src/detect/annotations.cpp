// annotations.cpp — explicit happens-before and ignore annotations: vigil's
// own (<vigil/annotations.h>) and ThreadSanitizer's, so code annotated for
// TSan works unchanged.
#include <stddef.h>

#include "access.h"
#include "sync.h"

using namespace vigil::detect;

#define VIGIL_API extern "C" __attribute__((visibility("default")))

VIGIL_API void vigil_annotate_happens_before(const volatile void *addr) {
  release_at(cur_owner(), reinterpret_cast<uintptr_t>(addr));
}
VIGIL_API void vigil_annotate_happens_after(const volatile void *addr) {
  acquire_at(cur_owner(), reinterpret_cast<uintptr_t>(addr));
}
VIGIL_API void vigil_annotate_ignore_accesses_begin() {
  owner *o = cur_owner();
  o->ignore_reads++;
  o->ignore_writes++;
}
VIGIL_API void vigil_annotate_ignore_accesses_end() {
  owner *o = cur_owner();
  if (o->ignore_reads > 0) o->ignore_reads--;
  if (o->ignore_writes > 0) o->ignore_writes--;
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
VIGIL_API void AnnotateIgnoreReadsBegin(const char *, int) { cur_owner()->ignore_reads++; }
VIGIL_API void AnnotateIgnoreReadsEnd(const char *, int) {
  owner *o = cur_owner();
  if (o->ignore_reads > 0) o->ignore_reads--;
}
VIGIL_API void AnnotateIgnoreWritesBegin(const char *, int) { cur_owner()->ignore_writes++; }
VIGIL_API void AnnotateIgnoreWritesEnd(const char *, int) {
  owner *o = cur_owner();
  if (o->ignore_writes > 0) o->ignore_writes--;
}
