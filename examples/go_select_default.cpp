// go_select_default.cpp — a select with a default case never blocks.
// Mirrors the Go article's non-blocking select snippet (case msg := <-ch /
// default), made a complete program: polled once while the channel is empty
// and once after a message arrived.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <cstdio>
#include <optional>
#include <string>

void poll(vigil::recv_chan<std::string> ch) {
  vigil::select(
      vigil::on_recv(ch, [](std::optional<std::string> msg) {
        std::printf("Received: %s\n", msg->c_str());
      }),
      vigil::on_default([] { std::printf("No message available, moving on\n"); }));
}

int main() {
  vigil::chan<std::string> ch = vigil::make_chan<std::string>(1);
  poll(ch);  // nothing sent yet: the default runs at once

  vigil::wait_group sent;
  sent.add(1);
  vigil::go([ch, &sent] {
    ch.send("hello");
    sent.done();
  });
  sent.wait();
  poll(ch);  // the message is in the buffer now
}
