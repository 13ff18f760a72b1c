// Every interceptor and entry point works before the runtime's constructor
// has run: a .preinit_array function of the program (instrumented), the
// constructor of an uninstrumented library initialized before the runtime
// (as libcurl's dependencies call memcmp), and programs started with the
// runtime preloaded, whose own start-up runs first. The runtime then starts
// normally and still finds a race in main.
// RUN: %clangxx -O1 -shared -fPIC -DBUILD_LIBRARY %s -o %t-lib.so -lpthread
// RUN: %vigil_cxx -O1 %s -o %t %t-lib.so -Wl,-rpath,%T
// RUN: %run_clean %t 2>&1 | FileCheck %s --check-prefix=CLEAN
// RUN: %run_race %t race 2>&1 | FileCheck %s --check-prefix=RACE
// The symbolizer started for the report does not inherit the preload (it
// would start a second runtime, which says so at verbosity=1):
// RUN: %expect_exit 66 1 env LD_PRELOAD=%vigil_lib/libvigil_detect.so VIGIL_OPTIONS=verbosity=1 %t race 2>&1 | FileCheck %s --check-prefix=PRELOAD
// RUN: env LD_PRELOAD=%vigil_lib/libvigil_detect.so %python -c "print('python ok')" 2>&1 | FileCheck %s --check-prefix=PY
// RUN: env LD_PRELOAD=%vigil_lib/libvigil_detect.so sh -c 'echo sh ok' 2>&1 | FileCheck %s --check-prefix=SH
// libLLVM's constructors memset before the runtime's constructor has run:
// RUN: env LD_PRELOAD=%vigil_lib/libvigil_detect.so %clangxx --version 2>&1 | FileCheck %s --check-prefix=CLANG
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil_test.h"

static char g_buf[64];
static int g_sum;

static void *add_one(void *p) {
  g_sum += *static_cast<int *>(p);
  return nullptr;
}

static void exercise(const char *who) {
  char a[16] = "hello", b[16] = "hellp";
  volatile size_t n = 5;
  int r = memcmp(a, b, n) + bcmp(a, b, n) + strcmp(a, b) + strncmp(a, b, n) + (int)strlen(a) +
          (int)strnlen(a, n);
  strcpy(g_buf, a);
  strncpy(g_buf + 8, b, n);
  strcat(g_buf, "!");
  r += strchr(a, 'l') != nullptr;
  r += strrchr(a, 'l') != nullptr;
  r += memchr(a, 'o', n) != nullptr;
  memcpy(b, a, n);
  memmove(b + 1, b, n);
  memset(a, 0, n);
  void *m = malloc(10);
  m = realloc(m, 100);
  free(m);
  free(calloc(3, 4));
  pthread_mutex_t mu;
  pthread_mutex_init(&mu, nullptr);
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  pthread_mutex_destroy(&mu);
  pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
  pthread_rwlock_rdlock(&rw);
  pthread_rwlock_unlock(&rw);
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, [] {});
  sem_t s;
  sem_init(&s, 0, 0);
  sem_post(&s);
  sem_wait(&s);
  sem_destroy(&s);
  int fds[2];
  if (pipe(fds) == 0) {
    if (write(fds[1], "x", 1) == 1) {
      char c;
      r += static_cast<int>(read(fds[0], &c, 1));
    }
    close(fds[0]);
    close(fds[1]);
  }
  // A thread created and joined before the runtime has started.
  pthread_t t;
  int one = 1;
  pthread_create(&t, nullptr, add_one, &one);
  pthread_join(t, nullptr);
  char line[80];
  snprintf(line, sizeof line, "%s: ok %d %d\n", who, r, g_sum);
  fputs(line, stderr);
}

#ifdef BUILD_LIBRARY
__attribute__((constructor)) static void library_ctor() { exercise("library constructor"); }
#else
static void preinit() { exercise("preinit"); }
__attribute__((section(".preinit_array"), used)) static void (*preinit_entry)() = preinit;

int shared;
static invisible_barrier order;

__attribute__((noinline)) void *writer(void *) {
  shared = 1; // PREV
  invisible_barrier_wait(&order);
  return nullptr;
}

int main(int argc, char **argv) {
  exercise("main");
  if (argc > 1) {
    invisible_barrier_init(&order, 2);
    pthread_t t;
    pthread_create(&t, nullptr, writer, nullptr);
    invisible_barrier_wait(&order);
    int v = shared; // CUR
    asm volatile("" : : "r"(v));
    pthread_join(t, nullptr);
  }
  fputs("done\n", stderr);
  return 0;
}
#endif

// CLEAN: preinit: ok
// CLEAN: library constructor: ok
// CLEAN: main: ok
// CLEAN-NOT: vigil
// CLEAN: done

// RACE: WARNING: vigil: data race
// RACE: Read of size 4 at {{.*}} by main thread:
// RACE: #0 main{{.*}}before_init.cpp:[[@LINE-17]]
// RACE: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// RACE: #0 writer{{.*}}before_init.cpp:[[@LINE-31]]

// PRELOAD: vigil: detector runtime started
// PRELOAD-NOT: detector runtime started
// PRELOAD: SUMMARY: vigil: data race
// PRELOAD-NOT: detector runtime started

// PY: python ok
// SH: sh ok
// CLANG: clang version 19
