// annotations.h — what user code can tell vigil's race detector.
//
// Example:
//
//   #include <vigil/annotations.h>
//
//   // A hand-rolled lock-free statistic: the races are intended, and the
//   // function's own atomics need not be seen either.
//   VIGIL_NO_INSTRUMENT void bump_stats(counters* c) { c->hits++; }
//
//   // Only the plain accesses are excluded; atomics still synchronize.
//   __attribute__((no_sanitize("thread"))) void peek(const int* p);
//
// The macros change nothing but instrumentation: without the vigil plugin they
// have no effect (beyond what they mean to other sanitizers, see below). The
// functions are defined by vigil's runtime.

#ifndef VIGIL_ANNOTATIONS_H
#define VIGIL_ANNOTATIONS_H

// ---------------------------------------------------------------------------
// VIGIL_NO_INSTRUMENT
//
// Put before a function definition (or declaration) to leave the function
// completely uninstrumented: no checks of its loads and stores, no calls for
// its atomics, fences or memcpy/memset, no entry in the shadow call stack.
// The plugin does not inline it into instrumented code (unless it is
// always_inline; those copies stay uninstrumented too). Calls it makes to
// other functions are instrumented as usual. Races on the memory it touches
// are still found at the *other* accesses, the ones in instrumented code.
//
// Spelled as both
//   no_sanitize("thread")              read from the AST by -fplugin=vigil-plugin.so
//                                      (and honoured by TSan, should the code
//                                      also be built with -fsanitize=thread)
//   disable_sanitizer_instrumentation  kept in LLVM IR, so it also works with
//                                      -fpass-plugin=vigil-plugin.so, which
//                                      never sees the AST
// The second one is what makes the function's atomics invisible too; with
// no_sanitize("thread") alone (as TSan users write it) vigil still
// instruments the function's atomics, so that the synchronization it
// performs is not lost, and skips only its plain accesses.
//
// Other sanitizers: disable_sanitizer_instrumentation also removes
// UBSan/ASan/MSan checks from the function, and no_sanitize("thread") removes
// TSan's.
//
// Misuse: atomics in a VIGIL_NO_INSTRUMENT function create no
// happens-before edges for the detector; if other threads synchronize with
// them, expect false reports elsewhere. Use no_sanitize("thread") for such
// functions instead, or announce the edge with the functions below.
// ---------------------------------------------------------------------------
#if defined(__clang__) || defined(__GNUC__)
#if defined(__has_attribute)
#if __has_attribute(disable_sanitizer_instrumentation)
#define VIGIL_NO_INSTRUMENT                                                    \
  __attribute__((no_sanitize("thread"), disable_sanitizer_instrumentation))
#endif
#endif
#ifndef VIGIL_NO_INSTRUMENT
#define VIGIL_NO_INSTRUMENT __attribute__((no_sanitize("thread")))
#endif
#else
#define VIGIL_NO_INSTRUMENT
#endif

// ===========================================================================
// Happens-before annotations.
//
// (Runtime section: the runtime engineer owns the definitions in
// runtime/src/detect/ and completes the documentation below. The
// instrumentation never calls these; they are ordinary functions in
// libvigil_detect.)
//
// For synchronization the detector cannot see (a custom futex, a lock-free
// queue built on relaxed atomics plus fences the detector does not model,
// hardware, another process):
//
//   vigil_annotate_happens_before(addr)  in the releasing thread, after its
//                                        writes and before the hand-off
//   vigil_annotate_happens_after(addr)   in the acquiring thread, after the
//                                        hand-off and before its reads
//
// Happens-before: every vigil_annotate_happens_before(a) happens before each
// vigil_annotate_happens_after(a) that executes after it (in real time), for
// the same address a. The address only names a synchronization object; it is
// never dereferenced.
// ===========================================================================
#ifdef __cplusplus
extern "C" {
#endif

void vigil_annotate_happens_before(void *addr);
void vigil_annotate_happens_after(void *addr);

// --- runtime engineer: further annotation functions go here ---

#ifdef __cplusplus
} // extern "C"
#endif

#endif // VIGIL_ANNOTATIONS_H
