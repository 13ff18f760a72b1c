// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// rw_unlock_skipped_on_error done right: std::unique_lock / std::shared_lock
// release the rw_mutex on every return path.
#include <vigil/vigil.h>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <string>

vigil::rw_mutex mu;
std::string config = "v1";

bool update(const std::string& key, const std::string& value) {
  std::unique_lock lock(mu);
  if (key.empty()) return false;
  config = value;
  return true;
}

std::string read_config() {
  std::shared_lock lock(mu);
  return config;
}

int main() {
  std::printf("update %d\n", update("", "v2"));
  vigil::wait_group wg;
  wg.add(3);
  for (int i = 0; i < 3; i++)
    vigil::go([&wg] {
      std::printf("config %s\n", read_config().c_str());
      wg.done();
    });
  wg.wait();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: update 0
// CHECK: config v1
// CHECK: config v1
// CHECK: config v1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
