// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// Missing unlock on an error path (GoKer: resource deadlock, an RWMutex
// left locked): an update returns early on a bad key with the rw_mutex still
// held for writing; every later reader blocks in lock_shared.
#include <vigil/vigil.h>
#include <cstdio>
#include <string>

vigil::rw_mutex mu;
std::string config = "v1";

bool update(const std::string& key, const std::string& value) {
  mu.lock();
  if (key.empty()) return false;  // unlock forgotten
  config = value;
  mu.unlock();
  return true;
}

std::string read_config() {
  mu.lock_shared();
  std::string v = config;
  mu.unlock_shared();
  return v;
}

int main() {
  std::printf("update %d\n", update("", "v2"));
  for (int i = 0; i < 3; i++)
    vigil::go([] { std::printf("config %s\n", read_config().c_str()); });
  std::printf("started\n");
}

// CHECK:      update 0
// CHECK:      started
// CHECK:      WARNING: vigil: leaked tasks
// CHECK-NEXT:   3 tasks are blocked in rw_mutex lock_shared at exit
// CHECK:        Blocked in rw_mutex lock_shared (task {{[0-9]+}} and 2 more like it):
// CHECK-NEXT:     #0 read_config{{.*}}rw_unlock_skipped_on_error.cpp:22:
// CHECK-NEXT:     #1 main::$_0::operator()() const {{.*}}rw_unlock_skipped_on_error.cpp:31:
// CHECK:        Task {{[0-9]+}} (blocked in rw_mutex lock_shared, {{[0-9]+}} ms) created at:
// CHECK-NEXT:     #0 main {{.*}}rw_unlock_skipped_on_error.cpp:31:
// CHECK-NOT:  WARNING: vigil
// CHECK-NOT:  config v
