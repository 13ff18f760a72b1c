// Symbolization does not depend on where the binary is: a path with spaces
// and longer than 512 bytes, a binary deleted while it runs (read through
// /proc/<pid>/exe, named "(deleted)"). SUMMARY names the program's frame, not
// the C library's, also in a binary without debug information.
// RUN: rm -rf "%t.dir" && mkdir -p "%t.dir/a directory with spaces/qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq/yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww/vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv/uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu/tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"
// RUN: %vigil_cxx -O1 -g %s -o "%t.dir/a directory with spaces/qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq/yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww/vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv/uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu/tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/the program"
// RUN: %run_race "%t.dir/a directory with spaces/qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq/yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww/vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv/uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu/tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/the program" 2>&1 | FileCheck %s --check-prefix=SPACES
// RUN: cp "%t.dir/a directory with spaces/qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq/yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww/vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv/uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu/tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/the program" %t.doomed
// (Once: the first run deletes the binary.)
// RUN: %expect_exit 66 1 %t.doomed delete-myself 2>&1 | FileCheck %s --check-prefix=DELETED
// RUN: %vigil_cxx -O1 -g0 %s -o %t.nodebug
// RUN: %run_race %t.nodebug 2>&1 | FileCheck %s --check-prefix=NODEBUG
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "vigil_test.h"

int shared;
static invisible_barrier order;

__attribute__((noinline)) void *writer(void *) {
  shared = 1;
  invisible_barrier_wait(&order);
  return nullptr;
}

__attribute__((noinline)) void reader() {
  invisible_barrier_wait(&order);
  int v = shared;
  asm volatile("" : : "r"(v));
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "delete-myself")) unlink(argv[0]);
  invisible_barrier_init(&order, 2);
  pthread_t t;
  pthread_create(&t, nullptr, writer, nullptr);
  reader();
  pthread_join(t, nullptr);
  return 0;
}

// SPACES: Read of size 4 at {{.*}} by main thread:
// SPACES-NEXT: #0 reader() {{.*}}symbolizer_paths.cpp:30:{{.*}}(the program+0x
// SPACES: #0 writer(void*) {{.*}}symbolizer_paths.cpp:23:
// SPACES: SUMMARY: vigil: data race {{.*}}symbolizer_paths.cpp:30:{{[0-9]+}} in reader()

// DELETED: #0 reader() {{.*}}symbolizer_paths.cpp:30:{{.*}}(symbolizer_paths.cpp.tmp.doomed (deleted)+0x
// DELETED: SUMMARY: vigil: data race {{.*}}symbolizer_paths.cpp:30:{{[0-9]+}} in reader()

// NODEBUG: #0 reader() (symbolizer_paths.cpp.tmp.nodebug+0x
// NODEBUG: SUMMARY: vigil: data race ({{.*}}symbolizer_paths.cpp.tmp.nodebug+0x{{[0-9a-f]+}}) in reader()
