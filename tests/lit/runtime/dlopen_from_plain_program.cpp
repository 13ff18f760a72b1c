// A library built with vigil, loaded with dlopen by a program that was not:
// the runtime comes in too late to see the program's threads and locks, so
// it stops at load time with one line saying how to run it instead (and the
// preload it suggests works: the library's race is reported).
// The library is dlopen_library_race's (lib_run: two threads race on a global).
// RUN: %vigil_cxx -O1 -shared -fPIC -DBUILD_LIBRARY %S/../detect/dlopen_library_race.cpp -o %t-lib.so
// RUN: %clangxx -O1 %s -o %t -ldl
// RUN: %expect_exit 2 1 %t %t-lib.so 2>&1 | FileCheck %s --check-prefix=REFUSED
// RUN: %run_race env LD_PRELOAD=%vigil_lib/libvigil_detect.so %t %t-lib.so 2>&1 | FileCheck %s --check-prefix=PRELOADED
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  auto run = reinterpret_cast<void (*)()>(dlsym(lib, "lib_run"));
  run();
  fprintf(stderr, "ran\n");
  return 0;
}

// REFUSED: vigil: the detector runtime was loaded after the program started {{.*}} Build the executable with vigil-clang++, or run it with LD_PRELOAD={{.*}}libvigil_detect.so
// REFUSED-NOT: ran

// PRELOADED: WARNING: vigil: data race
// PRELOADED: #0 lib_reader(){{.*}}dlopen_library_race.cpp
// PRELOADED: #0 lib_writer(){{.*}}dlopen_library_race.cpp
// PRELOADED: ran
