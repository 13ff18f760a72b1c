// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// Many short-lived threads, created and joined one batch at a time: glibc
// reuses their stacks and TLS blocks, so a new thread's locals and
// thread_locals sit at addresses an earlier (unrelated, already joined or
// detached-and-finished) thread used. Nothing may be reported.
#include "vigil_test.h"
#include <pthread.h>
#include <semaphore.h>

thread_local int tls_counter;
thread_local char tls_buffer[256];
sem_t finished;

__attribute__((noinline)) void *work(void *arg) {
  volatile char frame[2048]; // escapes via volatile: the stack is touched
  long id = reinterpret_cast<long>(arg);
  for (int i = 0; i < 2048; i += 64)
    frame[i] = char(id + i);
  tls_counter += int(id);
  for (int i = 0; i < 256; i++)
    tls_buffer[i] = char(id);
  char *escaped = const_cast<char *>(&frame[0]);
  asm volatile("" : : "r"(escaped) : "memory");
  return reinterpret_cast<void *>(long(tls_counter + frame[64]));
}

void *detached_work(void *arg) {
  work(arg);
  sem_post(&finished);
  return nullptr;
}

int main() {
  sem_init(&finished, 0, 0);
  for (int batch = 0; batch < 50; batch++) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
      pthread_create(&t[i], nullptr, work, reinterpret_cast<void *>(batch * 4 + i));
    for (auto &th : t)
      pthread_join(th, nullptr);
    pthread_t d;
    pthread_create(&d, nullptr, detached_work, reinterpret_cast<void *>(1000L + batch));
    pthread_detach(d);
    sem_wait(&finished);
  }
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
