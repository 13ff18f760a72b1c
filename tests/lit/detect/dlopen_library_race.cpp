// RUN: %vigil_cxx -O1 -shared -fPIC -DBUILD_LIBRARY %s -o %t-lib.so
// RUN: %vigil_cxx -O1 %s -o %t -ldl && %run_race %t %t-lib.so 2>&1 | FileCheck %s
// VERDICT: race
// A race whose both sides are in an instrumented shared library loaded with
// dlopen: one runtime serves the program and the library, and the report
// names the library's global and source lines.
#include "vigil_test.h"

#ifdef BUILD_LIBRARY
#include <thread>

int lib_counter;
static invisible_barrier order;

__attribute__((noinline)) void lib_writer() {
  lib_counter = 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void lib_reader() {
  invisible_barrier_wait(&order);
  int v = lib_counter; // CUR
  asm volatile("" : : "r"(v));
}

extern "C" void lib_run() {
  invisible_barrier_init(&order, 2);
  std::thread a(lib_writer), b(lib_reader);
  a.join();
  b.join();
}

#else
#include <dlfcn.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 2;
  }
  auto run = reinterpret_cast<void (*)()>(dlsym(lib, "lib_run"));
  if (!run)
    return 2;
  run();
  return 0;
}
#endif

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 lib_reader(){{.*}}dlopen_library_race.cpp:22:{{.*}}-lib.so
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 lib_writer(){{.*}}dlopen_library_race.cpp:16:{{.*}}-lib.so
// CHECK: Location is global 'lib_counter' of size 4 at {{.*}}-lib.so
// CHECK: SUMMARY: vigil: data race {{.*}}dlopen_library_race.cpp:22:{{[0-9]+}} in lib_reader()
