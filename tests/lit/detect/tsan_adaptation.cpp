// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// RUN: %vigil_cxx -O1 -D__SANITIZE_THREAD__ %s -o %t && %run_clean %t 2>&1 | FileCheck %s --check-prefix=FORCED
// VERDICT: clean
// How vigil presents itself to code that adapts to ThreadSanitizer: it
// predefines __VIGIL__ and does not claim to be TSan (__SANITIZE_THREAD__ and
// __has_feature(thread_sanitizer) stay off), so the program keeps the code
// paths it ships with. Both paths must give correct verdicts: the shipped one
// (libstdc++'s 8-byte load of both shared_ptr counts, TSan annotations not
// called) and, when a user forces __SANITIZE_THREAD__, the annotated one
// (libstdc++'s _GLIBCXX_TSAN path, TSan's annotation functions called).
#include "vigil_test.h"
#include <atomic>
#include <cstdio>
#include <memory>
#include <thread>

#ifndef __has_feature
#define __has_feature(x) 0
#endif

#if defined(__SANITIZE_THREAD__) || __has_feature(thread_sanitizer)
extern "C" void AnnotateHappensBefore(const char *, int, const volatile void *);
extern "C" void AnnotateHappensAfter(const char *, int, const volatile void *);
#define HAPPENS_BEFORE(a) AnnotateHappensBefore(__FILE__, __LINE__, a)
#define HAPPENS_AFTER(a) AnnotateHappensAfter(__FILE__, __LINE__, a)
static const char *path = "annotated";
#else
#define HAPPENS_BEFORE(a) ((void)0)
#define HAPPENS_AFTER(a) ((void)0)
static const char *path = "plain";
#endif

std::atomic<int> dropped{0};
int payload;
std::atomic<int> flag{0};

int main() {
#ifdef __VIGIL__
  std::fprintf(stderr, "__VIGIL__=%d path=%s\n", __VIGIL__, path);
#endif
  // A publication that is correct on both paths: the annotation adds an edge
  // on top of the release/acquire pair.
  std::thread producer([] {
    payload = 42;
    HAPPENS_BEFORE(&flag);
    flag.store(1, std::memory_order_release);
  });
  while (flag.load(std::memory_order_acquire) == 0) {}
  HAPPENS_AFTER(&flag);
  if (payload != 42) return 1;
  producer.join();
  // shared_ptr's last release after a weak drop in another thread.
  for (int round = 0; round < 20; round++) {
    auto sp = std::make_shared<long>(round);
    std::weak_ptr<long> wp = sp;
    std::thread t([w = std::move(wp)]() mutable {
      w.reset();
      dropped.store(1, std::memory_order_relaxed);
    });
    while (dropped.load(std::memory_order_relaxed) == 0) {}
    dropped.store(0, std::memory_order_relaxed);
    sp.reset();
    t.join();
  }
  vigil_test_done();
}

// CHECK: __VIGIL__=1 path=plain
// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// FORCED: __VIGIL__=1 path=annotated
// FORCED-NOT: WARNING: vigil
// FORCED: DONE
