// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: race
// A race inside a forked child is found by the child's own detector and makes
// the child exit with status 66; the parent passes that status on.
#include "vigil_test.h"
#include <cstdlib>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

int shared_in_child;
static invisible_barrier order;

__attribute__((noinline)) void child_writer() {
  shared_in_child = 1; // PREV
  invisible_barrier_wait(&order);
}

__attribute__((noinline)) void child_reader() {
  invisible_barrier_wait(&order);
  int v = shared_in_child; // CUR
  asm volatile("" : : "r"(v));
}

int main() {
  // The parent touches the variable first: the child must not confuse the
  // parent's history with its own threads'.
  shared_in_child = 5;
  pid_t pid = fork();
  if (pid == 0) {
    invisible_barrier_init(&order, 2);
    std::thread a(child_writer), b(child_reader);
    a.join();
    b.join();
    std::exit(0); // the detector turns this into 66 if it reported
  }
  int status;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
    return 1;
  return WEXITSTATUS(status);
}

// CHECK: WARNING: vigil: data race
// CHECK: Read of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 child_reader(){{.*}}fork_child_race.cpp:21:
// CHECK: Previous write of size 4 at {{.*}} by thread T{{[0-9]+}}:
// CHECK: #0 child_writer(){{.*}}fork_child_race.cpp:15:
// CHECK: Location is global 'shared_in_child' of size 4 at
// CHECK: SUMMARY: vigil: data race {{.*}}fork_child_race.cpp:21:{{[0-9]+}} in child_reader()
