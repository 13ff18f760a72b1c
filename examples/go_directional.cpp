// go_directional.cpp — send-only and receive-only channel parameters, close and range.
// Mirrors the Go article's "Directional Channels" section (chan<- string,
// <-chan string, closing to signal "no more values", range over a channel and
// the two-value receive `value, ok := <-ch`), which has no program of its own.
// The signatures say who does what; building with -DDIRECTION_MISUSE shows that
// the compiler holds each side to it.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <cstdio>
#include <optional>
#include <string>

// produce may only send on `out` (and close it): Go's chan<- string.
void produce(vigil::send_chan<std::string> out) {
  for (const char* word : {"alpha", "beta", "gamma"}) out.send(word);
  out.close();  // no more values
}

// consume may only receive from `in`: Go's <-chan string.
void consume(vigil::recv_chan<std::string> in, vigil::send_chan<int> count) {
  int n = 0;
  for (std::string msg : in) {  // ends when `in` is closed and drained
    std::printf("Received: %s\n", msg.c_str());
    n++;
  }
  count.send(n);
}

#ifdef DIRECTION_MISUSE
void wrong_way(vigil::recv_chan<std::string> in, vigil::send_chan<std::string> out) {
  in.send("x");                      // a receive-only channel cannot send,
  in.close();                        // nor close;
  out.recv();                        // a send-only channel cannot receive;
  vigil::chan<std::string> both = in;  // and neither converts back.
}
#endif

int main() {
  vigil::chan<std::string> messages = vigil::make_chan<std::string>();
  vigil::chan<int> count = vigil::make_chan<int>();
  vigil::go(produce, messages);
  vigil::go(consume, messages, count);
  std::printf("Consumer saw %d messages\n", *count.recv());

  // The two-value form: ok is false once the channel is closed and drained.
  std::optional<std::string> value = messages.recv();
  bool ok = value.has_value();
  std::printf("After close: ok = %s\n", ok ? "true" : "false");
}
