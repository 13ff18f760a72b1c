// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A std::string appended to by several threads under a mutex, read after join.
#include "vigil_test.h"
#include <mutex>
#include <string>
#include <thread>
#include <vector>

std::string log_text;
std::mutex mu;

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; t++)
    threads.emplace_back([t] {
      for (int i = 0; i < 100; i++) {
        std::lock_guard<std::mutex> lock(mu);
        log_text += char('a' + t);
        if (log_text.size() > 1 && log_text[log_text.size() - 2] == 'z')
          log_text[0] = 'z';
      }
    });
  for (auto &t : threads)
    t.join();
  if (log_text.size() != 300)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
