// RUN: %vigil_cxx -O1 %s -o %t && %run_clean %t 2>&1 | FileCheck %s
// VERDICT: clean
// reply_skipped_on_error done right: every request gets a reply, an error
// value for a bad one; the client closes requests when it is done.
#include <vigil/vigil.h>
#include <cstdio>

struct request {
  int key;
  vigil::chan<int> reply;
};

void server(vigil::chan<request> requests) {
  for (request r : requests) r.reply.send(r.key < 0 ? -1 : r.key * 2);
}

int main() {
  auto requests = vigil::make_chan<request>();
  vigil::go(server, requests);
  for (int key : {1, -1}) {
    auto reply = vigil::make_chan<int>();
    requests.send({key, reply});
    std::printf("reply %d\n", *reply.recv());
  }
  requests.close();
  std::printf("DONE\n");
}

// CHECK-NOT: WARNING: vigil
// CHECK: reply 2
// CHECK: reply -1
// CHECK: DONE
// CHECK-NOT: WARNING: vigil
