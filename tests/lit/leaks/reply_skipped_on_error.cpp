// RUN: %vigil_cxx -O1 %s -o %t && %run_race %t 2>&1 | FileCheck %s
// VERDICT: deadlock
// A reply skipped on an error path (GoKer: communication deadlock): the
// server loop answers each request on its reply channel, except when the
// request is bad, where it just continues. The client waits for that reply
// and the server for the next request: nothing can move.
#include <vigil/vigil.h>
#include <cstdio>

struct request {
  int key;
  vigil::chan<int> reply;
};

void server(vigil::chan<request> requests) {
  for (request r : requests) {
    if (r.key < 0) continue;  // no reply sent
    r.reply.send(r.key * 2);
  }
}

int main() {
  auto requests = vigil::make_chan<request>();
  vigil::go(server, requests);
  for (int key : {1, -1}) {
    auto reply = vigil::make_chan<int>();
    requests.send({key, reply});
    std::printf("reply %d\n", *reply.recv());
  }
}

// CHECK:      reply 2
// CHECK-NOT:  reply
// CHECK:      WARNING: vigil: all tasks are asleep - deadlock
// CHECK-NEXT:   Every task and thread that uses vigil is blocked and no timer is pending: 2 participants.
// CHECK:        Task {{[0-9]+}} (blocked in chan receive, {{[0-9]+}} ms){{.*}}:
// CHECK-NEXT:     #0 server(vigil::chan<request>) {{.*}}reply_skipped_on_error.cpp:16:
// CHECK:        Main thread (blocked in chan receive, {{[0-9]+}} ms){{.*}}:
// CHECK-NEXT:     #0 main {{.*}}reply_skipped_on_error.cpp:28:
// CHECK:      SUMMARY: vigil: all tasks are asleep - deadlock {{.*}}reply_skipped_on_error.cpp:16:
// CHECK-NOT:  WARNING: vigil
