// go_unbuffered.cpp — a task hands its result to main over an unbuffered channel.
// Mirrors the Go article's "Unbuffered Channels" program (fetchData).
// No sleep: main's receive waits until the task's send meets it.
// Expected verdict: clean.
#include <vigil/vigil.h>

#include <cstdio>
#include <string>

void fetch_data(vigil::chan<std::string> ch) {
  // Simulate fetching data from a database.
  std::string result = "user_data_from_db";
  ch.send(result);  // send the result into the channel
}

int main() {
  vigil::chan<std::string> ch = vigil::make_chan<std::string>();  // unbuffered
  vigil::go(fetch_data, ch);

  std::string data = *ch.recv();  // blocks until the data arrives
  std::printf("Received: %s\n", data.c_str());
}
