// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: leak
// Mixed deadlock (GoKer): a producer holds a mutex while it sends on an
// unbuffered channel; the consumer needs the same mutex before it receives.
#include <vigil/vigil.h>
#include <cstdio>

vigil::mutex mu;
vigil::chan<int> items = vigil::make_chan<int>();
vigil::chan<int> producer_locked = vigil::make_chan<int>(1);
int consumed;

int main() {
  vigil::go([] {
    mu.lock();
    producer_locked.send(1);
    items.send(7);  // blocks: the consumer waits for mu
    mu.unlock();
  });
  vigil::go([] {
    producer_locked.recv();
    mu.lock();  // held by the producer until its send completes
    consumed += *items.recv();
    mu.unlock();
  });
  vigil::sleep_for(std::chrono::milliseconds(20));
  std::printf("consumed %d\n", consumed);
}

// CHECK:      consumed 0
// CHECK-DAG:  1 task is blocked in chan send at exit
// CHECK-DAG:  1 task is blocked in mutex lock at exit
// CHECK-NOT:  WARNING: vigil: data race
