// thread_safety.h — Clang's thread-safety analysis (-Wthread-safety)
// attributes, for vigil's own locks and the fields they protect.
#ifndef VIGIL_DETAIL_THREAD_SAFETY_H
#define VIGIL_DETAIL_THREAD_SAFETY_H

#if defined(__clang__)
#define VIGIL_TSA(x) __attribute__((x))
#else
#define VIGIL_TSA(x)
#endif
#define VIGIL_CAPABILITY(x) VIGIL_TSA(capability(x))
#define VIGIL_GUARDED_BY(x) VIGIL_TSA(guarded_by(x))
#define VIGIL_PT_GUARDED_BY(x) VIGIL_TSA(pt_guarded_by(x))
#define VIGIL_REQUIRES(...) VIGIL_TSA(requires_capability(__VA_ARGS__))
#define VIGIL_ACQUIRE(...) VIGIL_TSA(acquire_capability(__VA_ARGS__))
#define VIGIL_RELEASE(...) VIGIL_TSA(release_capability(__VA_ARGS__))
#define VIGIL_TRY_ACQUIRE(...) VIGIL_TSA(try_acquire_capability(__VA_ARGS__))
#define VIGIL_ASSERT_CAPABILITY(x) VIGIL_TSA(assert_capability(x))
#define VIGIL_EXCLUDES(...) VIGIL_TSA(locks_excluded(__VA_ARGS__))
#define VIGIL_SCOPED_CAPABILITY VIGIL_TSA(scoped_lockable)
#define VIGIL_NO_TSA VIGIL_TSA(no_thread_safety_analysis)

#endif  // VIGIL_DETAIL_THREAD_SAFETY_H
