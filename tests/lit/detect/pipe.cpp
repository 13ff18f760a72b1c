// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// A write(2) to a pipe is ordered before the read(2) that receives the bytes:
// the sender publishes a plain buffer and only the pointer goes through the
// pipe. Also an eventfd and a socketpair (send/recv).
#include "vigil_test.h"
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

int main() {
  int fds[2];
  if (pipe(fds) != 0)
    return 1;
  std::thread sender([wfd = fds[1]] {
    for (int i = 0; i < 10; i++) {
      int *msg = new int[4]{i, i + 1, i + 2, i + 3};
      if (write(wfd, &msg, sizeof msg) != sizeof msg)
        __builtin_trap();
    }
  });
  long sum = 0;
  for (int i = 0; i < 10; i++) {
    int *msg;
    if (read(fds[0], &msg, sizeof msg) != sizeof msg)
      return 1;
    sum += msg[0] + msg[3];
    delete[] msg;
  }
  sender.join();
  close(fds[0]);
  close(fds[1]);

  static int shared_value;
  int efd = eventfd(0, 0);
  std::thread notifier([efd] {
    shared_value = 55;
    uint64_t one = 1;
    if (write(efd, &one, sizeof one) != sizeof one)
      __builtin_trap();
  });
  uint64_t got;
  if (read(efd, &got, sizeof got) != sizeof got || shared_value != 55)
    return 1;
  notifier.join();
  close(efd);

  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  std::thread peer([s = sv[1]] {
    shared_value = 66;
    char c = 'x';
    send(s, &c, 1, 0);
  });
  char c;
  if (recv(sv[0], &c, 1, 0) != 1 || shared_value != 66)
    return 1;
  peer.join();
  close(sv[0]);
  close(sv[1]);
  if (sum != 2 * 45 + 30)
    return 1;
  vigil_test_done();
}

// CHECK-NOT: WARNING: vigil
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
