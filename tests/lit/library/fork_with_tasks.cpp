// fork() after tasks have started: only the forking thread exists in the
// child. A child that uses tasks, channels or timers gets a misuse report and
// the misuse exit status at once, never a silent hang on a futex; a child
// that only execs (or does nothing with tasks) is fine; the parent is
// unaffected. Built with and without detection.
// RUN: %vigil_cxx --no-detect -O1 %s -o %t.nd
// RUN: %vigil_cxx -O1 %s -o %t.d
// RUN: %expect_exit 0 1 %t.nd 2>&1 | FileCheck %s
// RUN: %expect_exit 0 1 %t.d 2>&1 | FileCheck %s
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include <vigil/vigil.h>

// Runs `use` in a forked child; returns the child's exit status.
template <class F>
static int in_child(F use) {
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    use();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main() {
  // Tasks running in the parent: a worker blocked on a channel, one ticking.
  vigil::chan<int> never = vigil::make_chan<int>();
  vigil::go([never] { never.recv(); });
  vigil::wait_group wg;
  wg.add(1);
  vigil::go([&wg] { wg.done(); });
  wg.wait();

  fprintf(stderr, "go: %d\n", in_child([] {
    vigil::wait_group w;
    w.add(1);
    vigil::go([&w] { w.done(); });
    w.wait();
  }));
  fprintf(stderr, "recv: %d\n", in_child([never] { never.recv(); }));
  fprintf(stderr, "buffered send: %d\n", in_child([] {
    vigil::chan<int> c = vigil::make_chan<int>(1);
    c.send(1);
  }));
  fprintf(stderr, "after: %d\n", in_child([] { vigil::after(std::chrono::milliseconds(1)).recv(); }));
  fprintf(stderr, "exec: %d\n", in_child([] {
    execl("/bin/true", "true", static_cast<char*>(nullptr));
    _exit(127);
  }));
  fprintf(stderr, "plain: %d\n", in_child([] { (void)strlen("no tasks used"); }));

  // The parent goes on as before.
  vigil::chan<int> c = vigil::make_chan<int>();
  vigil::go([c] { c.send(42); });
  fprintf(stderr, "parent: %d\n", *c.recv());
  never.close();
  return 0;
}

// CHECK: WARNING: vigil: tasks used in a forked child
// CHECK-NEXT: This process was forked after tasks had started: only the thread that called fork exists in it
// CHECK: go: 66
// CHECK: WARNING: vigil: tasks used in a forked child
// CHECK: recv: 66
// CHECK: WARNING: vigil: tasks used in a forked child
// CHECK: buffered send: 66
// CHECK: WARNING: vigil: tasks used in a forked child
// CHECK: after: 66
// CHECK-NOT: WARNING
// CHECK: exec: 0
// CHECK-NEXT: plain: 0
// CHECK-NEXT: parent: 42
