// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// fork while other threads exist (and one holds a mutex-protected counter
// hot): the child starts with one thread and sane detector state, runs its own
// threads and synchronization, and exits cleanly; the parent continues too.
#include "vigil_test.h"
#include <atomic>
#include <mutex>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

std::mutex mu;
long counter;
std::atomic<bool> stop{false};

static void bump_until_stopped() {
  while (!stop.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(mu);
    counter++;
  }
}

static int child_main() {
  // The parent's threads do not exist here; the child's own threads must
  // see its writes after create and be joined normally.
  counter = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; i++)
    threads.emplace_back([] {
      for (int k = 0; k < 100; k++) {
        std::lock_guard<std::mutex> lock(mu);
        counter++;
      }
    });
  for (auto &t : threads)
    t.join();
  return counter == 300 ? 0 : 1;
}

int main() {
  std::thread background(bump_until_stopped);
  for (int round = 0; round < 3; round++) {
    pid_t pid;
    {
      // Fork with the mutex held so the child's copy is unlocked-by-us state.
      std::lock_guard<std::mutex> lock(mu);
      pid = fork();
      if (pid == 0) {
        mu.unlock();
        int rc = child_main();
        mu.lock();
        _exit(rc);
      }
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "child failed: %d\n", status);
      return 1;
    }
  }
  stop.store(true, std::memory_order_release);
  background.join();
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
